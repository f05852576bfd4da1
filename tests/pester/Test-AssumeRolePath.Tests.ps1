#Requires -Version 7.0
# Pester 6 tests for Test-AssumeRolePath against the staged module (build.ps1 sets ROLETRUST_MODULE).
# Data: examples/bob-alice (README.md explains its four paths) and small snapshot folders built under TestDrive.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop

    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:ExpectedPaths = Join-Path $Example 'expected-paths.csv'
    $script:CommandClass = 'RoleTrust.Cmdlets.TestAssumeRolePathCommand'

    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:CiRunner = 'arn:aws:iam::111111111111:role/ci/ci-runner'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'
    $script:DeployWithoutPath = 'arn:aws:iam::222222222222:role/Deploy'

    # The catalogue of ARCHITECTURE.md, in order.
    $script:Catalogue = @('CallerIdentity', 'SourcePrincipal', 'TargetRole', 'IdentityProvider', 'RequestParameters', 'SessionDuration', 'RoleChaining',
        'IdentityPolicy', 'PermissionsBoundary', 'SessionPolicy', 'ServiceControlPolicy', 'ResourceControlPolicy', 'TrustPolicy',
        'TrustConditions', 'StsEndpoint', 'ConsoleSwitchRole')

    $script:Snapshot = Import-RoleTrustSnapshot $Example

    # A copy of the example under TestDrive: -Account picks the account files, -Unreadable replaces some with broken JSON.
    function script:New-TestSnapshot {
        param([string] $Name, [string[]] $Account = @('111111111111', '222222222222'), [string[]] $Unreadable = @(), [switch] $NoOrganization)
        $dir = Join-Path $TestDrive $Name
        $null = New-Item (Join-Path $dir 'accounts') -ItemType Directory -Force
        foreach ($id in $Account) { Copy-Item (Join-Path $Example "accounts/$id.json") (Join-Path $dir "accounts/$id.json") }
        foreach ($id in $Unreadable) { Set-Content (Join-Path $dir "accounts/$id.json") '{"UserDetailList": [ {"UserName": ' }
        if (-not $NoOrganization) { Copy-Item (Join-Path $Example 'organization.json') $dir }
        $dir
    }

    function script:Get-Status {
        param([object[]] $Checks)
        $h = [ordered]@{}; foreach ($c in $Checks) { $h[$c.Check] = "$($c.Status)" }; $h
    }
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Test-AssumeRolePath command contract' {
    BeforeAll { $script:cmd = Get-Command Test-AssumeRolePath }

    It 'is exported by the RoleTrust module as a cmdlet' {
        $cmd.CommandType | Should -Be 'Cmdlet'
        $cmd.ModuleName | Should -Be 'RoleTrust'
        $cmd.ImplementingType.FullName | Should -Be $CommandClass
    }

    It 'declares RoleTrust.PathCheck and System.Boolean (-Quiet) as output types' {
        $cmd.OutputType.Type | Should -Contain ([RoleTrust.PathCheck])
        $cmd.OutputType.Type | Should -Contain ([bool])
    }

    It 'makes -RoleArn a mandatory string at position 0 with the alias Arn' {
        $cmd | Should -HaveParameter RoleArn -Type string -Mandatory
        $cmd.Parameters['RoleArn'].Aliases | Should -Contain 'Arn'
        $cmd.Parameters['RoleArn'].ParameterSets['Principal'].Position | Should -Be 0
    }

    It 'binds -RoleArn from the pipeline by value and by property name' {
        $p = $cmd.Parameters['RoleArn'].ParameterSets['Principal']
        $p.ValueFromPipeline | Should -BeTrue
        $p.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'binds only -RoleArn by value' {
        $byValue = $cmd.Parameters.Values | Where-Object { $_.ParameterSets.Values.ValueFromPipeline -contains $true }
        @($byValue.Name) | Should -Be @('RoleArn')
    }

    It 'takes -SourceArn as an optional string at position 1, by property name' {
        $cmd | Should -HaveParameter SourceArn -Type string
        $cmd | Should -Not -HaveParameter SourceArn -Mandatory
        $p = $cmd.Parameters['SourceArn'].ParameterSets['Principal']
        $p.Position | Should -Be 1
        $p.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'takes -Snapshot as an object (a folder path or a snapshot), by property name' {
        $cmd | Should -HaveParameter Snapshot -Type object
        $cmd | Should -Not -HaveParameter Snapshot -Mandatory
        $cmd.Parameters['Snapshot'].ParameterSets['__AllParameterSets'].ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'has a -Quiet switch' {
        $cmd | Should -HaveParameter Quiet -Type switch
        $cmd | Should -Not -HaveParameter Quiet -Mandatory
    }

    It 'has the request parameters -<_>' -ForEach @('DurationSeconds', 'MfaPresent', 'SerialNumber', 'TokenCode', 'ExternalId', 'RoleSessionName', 'SourceIdentity', 'Console') {
        $cmd.Parameters.Keys | Should -Contain $_
    }
}

Describe 'Test-AssumeRolePath check catalogue' {
    BeforeAll {
        $script:checks = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot)
    }

    It 'writes all 16 checks as RoleTrust.PathCheck objects' {
        $checks | Should -HaveCount 16
        foreach ($c in $checks) {
            $c | Should -BeOfType ([RoleTrust.PathCheck])
            $c.PSObject.TypeNames[0] | Should -Be 'RoleTrust.PathCheck'
        }
    }

    It 'names the checks exactly as the catalogue, in catalogue order' {
        $checks.Check | Should -BeExactly $Catalogue
    }

    It 'numbers them Order 1..16' {
        $checks.Order | Should -Be (1..16)
    }

    It 'writes the same catalogue for an open path' {
        $open = @(Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot $Snapshot)
        $open.Check | Should -BeExactly $Catalogue
        $open.Order | Should -Be (1..16)
    }

    It 'carries the source and role ARNs on every check' {
        ($checks.Source | Sort-Object -Unique) | Should -Be $Bob
        ($checks.Role | Sort-Object -Unique) | Should -Be $Alice
    }

    It 'gives every check a summary, every Fail a fix, and no Pass a fix' {
        foreach ($c in $checks) {
            $c.Summary | Should -Not -BeNullOrEmpty
            if ($c.Status -eq 'Fail') { $c.Fix | Should -Not -BeNullOrEmpty }
            if ($c.Status -eq 'Pass') { $c.Fix | Should -BeNullOrEmpty }
        }
    }
}

Describe 'Test-AssumeRolePath on the bob-alice example' {
    It 'Bob -> Alice: IdentityPolicy and TrustPolicy fail, and nothing else does' {
        $c = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot)
        $s = Get-Status $c
        $s['IdentityPolicy'] | Should -Be 'Fail'
        $s['TrustPolicy'] | Should -Be 'Fail'
        @($c | Where-Object Status -In 'Fail', 'Unknown').Check | Should -Be @('IdentityPolicy', 'TrustPolicy')
        $s['SourcePrincipal'] | Should -Be 'Pass'
        $s['TargetRole'] | Should -Be 'Pass'
        ($c | Where-Object Check -EQ 'TrustPolicy').ErrorText | Should -BeExactly 'User: arn:aws:iam::111111111111:user/Bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Alice because no role trust policy allows the sts:AssumeRole action'
    }

    It 'Bob -> Alice: each failing check quotes the message of its own layer' {
        $c = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot)
        ($c | Where-Object Check -EQ 'IdentityPolicy').ErrorText | Should -BeExactly 'User: arn:aws:iam::111111111111:user/Bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Alice because no identity-based policy allows the sts:AssumeRole action'
    }

    It 'Carol -> Alice without MFA: only TrustConditions fails, naming aws:MultiFactorAuthPresent' {
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Snapshot)
        @($c | Where-Object Status -In 'Fail', 'Unknown').Check | Should -Be @('TrustConditions')
        $tc = $c | Where-Object Check -EQ 'TrustConditions'
        $tc.Summary | Should -Match 'aws:MultiFactorAuthPresent'
        (Get-Status $c)['TrustPolicy'] | Should -Be 'Pass'
        (Get-Status $c)['IdentityPolicy'] | Should -Be 'Pass'
    }

    It 'Carol -> Alice is open with <Name>' -ForEach @(
        @{ Name = '-MfaPresent'; Extra = @{ MfaPresent = $true } }
        @{ Name = '-SerialNumber and -TokenCode'; Extra = @{ SerialNumber = 'arn:aws:iam::111111111111:mfa/Carol'; TokenCode = '123456' } }
    ) {
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Snapshot @Extra)
        $c | Should -HaveCount 16
        @($c | Where-Object Status -In 'Fail', 'Unknown') | Should -HaveCount 0
        (Get-Status $c)['TrustConditions'] | Should -Be 'Pass'
        Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Snapshot @Extra -Quiet | Should -BeTrue
    }

    It 'Carol -> Alice stays closed with -MfaPresent:$false' {
        $c = Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Snapshot -MfaPresent:$false
        (Get-Status $c)['TrustConditions'] | Should -Be 'Fail'
    }

    It 'ci-runner -> ci/Deploy is open (role chaining within the 1-hour default)' {
        $c = @(Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot $Snapshot)
        @($c | Where-Object Status -In 'Fail', 'Unknown') | Should -HaveCount 0
        (Get-Status $c)['RoleChaining'] | Should -Be 'Pass'
        (Get-Status $c)['SessionDuration'] | Should -Be 'Pass'
        (Get-Status $c)['TrustPolicy'] | Should -Be 'Pass'
    }

    It 'ci-runner -> ci/Deploy with -DurationSeconds 7200 fails SessionDuration with the chaining ValidationError text' {
        # Deploy's MaxSessionDuration is 7200, so only the 1-hour chaining limit can refuse it.
        $c = @(Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot $Snapshot -DurationSeconds 7200)
        $sd = $c | Where-Object Check -EQ 'SessionDuration'
        $sd.Status | Should -Be 'Fail'
        $sd.ErrorText | Should -BeExactly 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        $sd.Summary | Should -Match '7200'
        @($c | Where-Object Status -In 'Fail', 'Unknown').Check | Should -Be @('SessionDuration')
    }

    It 'ci-runner -> ci/Deploy with -DurationSeconds 3600 passes SessionDuration' {
        $c = Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot $Snapshot -DurationSeconds 3600
        (Get-Status $c)['SessionDuration'] | Should -Be 'Pass'
    }

    It 'Bob -> role/Deploy: TargetRole fails and names role/ci/Deploy' {
        $c = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $DeployWithoutPath -Snapshot $Snapshot)
        $tr = $c | Where-Object Check -EQ 'TargetRole'
        $tr.Status | Should -Be 'Fail'
        $tr.Summary | Should -Match ([regex]::Escape($Deploy))
        $tr.Fix | Should -Not -BeNullOrEmpty
        $tr.Role | Should -Be $DeployWithoutPath
    }
}

Describe 'Test-AssumeRolePath -Quiet' {
    It 'returns exactly one [bool] per pair piped from Import-Csv' {
        $r = @(Import-Csv $ExpectedPaths | Test-AssumeRolePath -Snapshot $Snapshot -Quiet)
        $r | Should -HaveCount 4
        foreach ($b in $r) { $b | Should -BeOfType ([bool]) }
        $r | Should -Be @($false, $false, $true, $false)
    }

    It 'returns $true for every pair once each is fixed by its request parameters' {
        $r = @(Import-Csv $ExpectedPaths | Select-Object -Skip 1 -First 2 | Test-AssumeRolePath -Snapshot $Snapshot -MfaPresent -Quiet)
        $r | Should -Be @($true, $true)
    }

    It 'returns a single [bool], not the checks, for one pair' {
        $r = Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot -Quiet
        $r | Should -BeOfType ([bool])
        $r | Should -BeFalse
        @($r) | Should -HaveCount 1
    }

    It 'returns $false when a check is Unknown' {
        $dir = New-TestSnapshot 'quiet-unknown' -Account '111111111111'
        Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent -Quiet | Should -BeFalse
    }
}

Describe 'Test-AssumeRolePath pipeline binding' {
    It 'binds SourceArn and RoleArn by property name from Import-Csv' {
        $c = @(Import-Csv $ExpectedPaths | Test-AssumeRolePath -Snapshot $Snapshot)
        $c | Should -HaveCount 64
        $pairs = for ($i = 0; $i -lt 64; $i += 16) { ($c[$i..($i + 15)] | ForEach-Object { "$($_.Source), $($_.Role)" } | Sort-Object -Unique) }
        $pairs | Should -Be @(
            "$Bob, $Alice", "$Carol, $Alice", "$CiRunner, $Deploy", "$Bob, $DeployWithoutPath")
        ($c | Where-Object { $_.Role -eq $Deploy -and $_.Status -eq 'Fail' }) | Should -BeNullOrEmpty
    }

    It 'binds a role ARN string by value' {
        $c = @($Alice | Test-AssumeRolePath -SourceArn $Carol -Snapshot $Snapshot)
        $c | Should -HaveCount 16
        ($c.Role | Sort-Object -Unique) | Should -Be $Alice
        (Get-Status $c)['TrustConditions'] | Should -Be 'Fail'
    }

    It 'runs each piped role ARN string separately' {
        $r = @($Alice, $Deploy | Test-AssumeRolePath -SourceArn $CiRunner -Snapshot $Snapshot -Quiet)
        $r | Should -Be @($false, $true)
    }

    It 'binds Arn of Get-IAMRole-shaped objects (RoleName, URL-encoded AssumeRolePolicyDocument alongside)' {
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}'
        $roles = @(
            [pscustomobject]@{ Arn = $Alice; RoleName = 'Alice'; Path = '/'; AssumeRolePolicyDocument = [uri]::EscapeDataString($trust) }
            [pscustomobject]@{ Arn = $Deploy; RoleName = 'Deploy'; Path = '/ci/'; AssumeRolePolicyDocument = [uri]::EscapeDataString($trust) }
        )
        $c = @($roles | Test-AssumeRolePath -SourceArn $CiRunner -Snapshot $Snapshot)
        $c | Should -HaveCount 32
        ($c | Select-Object -First 16).Role | Sort-Object -Unique | Should -Be $Alice
        ($c | Select-Object -Last 16).Role | Sort-Object -Unique | Should -Be $Deploy
        ($roles | Test-AssumeRolePath -SourceArn $CiRunner -Snapshot $Snapshot -Quiet) | Should -Be @($false, $true)
    }

    It 'binds -Snapshot by property name too' {
        $pairs = Import-Csv $ExpectedPaths | Select-Object SourceArn, RoleArn, @{ n = 'Snapshot'; e = { $Example } }
        ($pairs | Test-AssumeRolePath -Quiet) | Should -Be @($false, $false, $true, $false)
    }
}

Describe 'Test-AssumeRolePath -Snapshot' {
    It 'accepts a folder path' {
        $c = @(Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot $Example)
        $c | Should -HaveCount 16
        @($c | Where-Object Status -In 'Fail', 'Unknown') | Should -HaveCount 0
    }

    It 'accepts a relative folder path, resolved from the current location' {
        Push-Location (Split-Path $Example)
        try { Test-AssumeRolePath -SourceArn $CiRunner -RoleArn $Deploy -Snapshot 'bob-alice' -Quiet | Should -BeTrue }
        finally { Pop-Location }
    }

    It 'accepts the object from Import-RoleTrustSnapshot, with the same results as the path' {
        $Snapshot | Should -BeOfType ([RoleTrust.Snapshot])
        $viaObject = Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot
        $viaPath = Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Example
        "$($viaObject.Status)" | Should -Be "$($viaPath.Status)"
        $viaObject.Summary | Should -Be $viaPath.Summary
    }

    It 'rejects any other kind of value with InvalidSnapshotArgument' {
        { Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot 42 } | Should -Throw -ErrorId "InvalidSnapshotArgument,$CommandClass"
    }

    It 'without -Snapshot works live, and with no credentials anywhere stops with NoCredentials like AWS.Tools' {
        # A fresh process with an empty credential chain: no keys, no profiles, no instance metadata.
        $empty = Join-Path $TestDrive 'empty-aws-config'
        Set-Content $empty ''
        $script = "`$env:AWS_ACCESS_KEY_ID=''; `$env:AWS_SECRET_ACCESS_KEY=''; `$env:AWS_SESSION_TOKEN=''; `$env:AWS_PROFILE=''; " +
            "`$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_EC2_METADATA_DISABLED='true'; " +
            "`$env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=''; `$env:AWS_CONTAINER_CREDENTIALS_FULL_URI=''; `$env:AWS_WEB_IDENTITY_TOKEN_FILE=''; " +
            "Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')'; " +
            "try { Test-AssumeRolePath -RoleArn $Alice -Region us-east-1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        $out = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script
        $out[0] | Should -Be "NoCredentials,$CommandClass"
        $out[1] | Should -Be 'AuthenticationError'
    }

    It 'makes ServiceControlPolicy and ResourceControlPolicy Unknown when the snapshot has no organization.json' {
        $dir = New-TestSnapshot 'no-org' -NoOrganization
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent)
        $s = Get-Status $c
        $s['ServiceControlPolicy'] | Should -Be 'Unknown'
        $s['ResourceControlPolicy'] | Should -Be 'Unknown'
        @($c | Where-Object Status -In 'Fail', 'Unknown').Check | Should -Be @('ServiceControlPolicy', 'ResourceControlPolicy')
        foreach ($u in $c | Where-Object Status -EQ 'Unknown') { $u.Summary | Should -Match 'organization\.json' }
        ($c | Where-Object Check -EQ 'ServiceControlPolicy').Summary | Should -Match '^Cannot check the service control policies of account 111111111111: the snapshot has no organization.json'
    }

    It 'makes TargetRole Unknown when the role''s account is not in the snapshot' {
        $dir = New-TestSnapshot 'no-222' -Account '111111111111'
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent)
        $tr = $c | Where-Object Check -EQ 'TargetRole'
        $tr.Status | Should -Be 'Unknown'
        $tr.Summary | Should -Match '222222222222'
        (Get-Status $c)['TrustPolicy'] | Should -Be 'Unknown'
        (Get-Status $c)['TrustConditions'] | Should -Be 'Unknown'
    }
}

Describe 'Test-AssumeRolePath error records' {
    It 'reports an invalid RoleArn as InvalidArn and continues with the next piped item' {
        $out = @('arn:aws:iam::2222:role/Alice', $Alice | Test-AssumeRolePath -SourceArn $Carol -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue)
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidArn,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -Be 'arn:aws:iam::2222:role/Alice'
        $e[0].Exception.Message | Should -Match ([regex]::Escape('arn:aws:iam::2222:role/Alice'))
        $out | Should -HaveCount 16
        ($out.Role | Sort-Object -Unique) | Should -Be $Alice
    }

    It 'answers every piped item under -Quiet, in order: $false for an invalid RoleArn (with its error), then the next item' {
        $out = @('Alice', $Deploy | Test-AssumeRolePath -SourceArn $CiRunner -Snapshot $Snapshot -Quiet -ErrorVariable e -ErrorAction SilentlyContinue)
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidArn,$CommandClass"
        $out | Should -Be @($false, $true)
    }

    It 'reports an invalid SourceArn as InvalidArn' {
        $out = Test-AssumeRolePath -SourceArn 'bob' -RoleArn $Alice -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidArn,$CommandClass"
    }

    It 'reports a missing -SourceArn as SourceArnRequired (non-terminating)' {
        $out = @($Alice, $Deploy | Test-AssumeRolePath -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 0
        $e | Should -HaveCount 2
        $e[0].FullyQualifiedErrorId | Should -BeExactly "SourceArnRequired,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -Be $Alice
    }

    It 'throws SnapshotNotFound (terminating) for a snapshot folder that does not exist' {
        $missing = Join-Path $TestDrive 'no-such-snapshot'
        { Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $missing -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
    }

    It 'stops the whole pipeline on SnapshotNotFound' {
        $missing = Join-Path $TestDrive 'no-such-snapshot'
        $script:seen = [System.Collections.Generic.List[object]]::new()
        { $Alice, $Deploy | Test-AssumeRolePath -SourceArn $Bob -Snapshot $missing -Quiet -ErrorAction SilentlyContinue | ForEach-Object { $script:seen.Add($_) } } |
            Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
        $seen | Should -HaveCount 0
        try { Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $missing } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'writes InvalidSnapshotFile (non-terminating) for an unreadable role account, whose checks are Unknown, never Pass' {
        $dir = New-TestSnapshot 'bad-222' -Account '111111111111' -Unreadable '222222222222'
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent -ErrorVariable e -ErrorAction SilentlyContinue)
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $e[0].Exception.Message | Should -Match '222222222222\.json'
        $c | Should -HaveCount 16
        $s = Get-Status $c
        foreach ($name in 'TargetRole', 'TrustPolicy', 'TrustConditions') { $s[$name] | Should -Be 'Unknown' -Because $name }
        Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'makes every check that needs the data of an unreadable source account Unknown, never Pass (the trust policy only needs its ARN)' {
        $dir = New-TestSnapshot 'bad-111' -Account '222222222222' -Unreadable '111111111111'
        $c = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent -ErrorVariable e -ErrorAction SilentlyContinue)
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $s = Get-Status $c
        foreach ($name in 'SourcePrincipal', 'IdentityPolicy', 'PermissionsBoundary') { $s[$name] | Should -Be 'Unknown' -Because $name }
        $s['TrustPolicy'] | Should -Be 'Pass' -Because "Alice's trust admits Carol's ARN, whatever her account's data says"
        $s['TargetRole'] | Should -Be 'Pass'
        foreach ($u in $c | Where-Object Status -EQ 'Unknown') { $u.Summary | Should -Match '111111111111' }
    }

    It 'reads a snapshot path once per pipeline: one InvalidSnapshotFile for many pairs' {
        $dir = New-TestSnapshot 'bad-once' -Account '111111111111' -Unreadable '222222222222'
        $r = @($Alice, $Deploy | Test-AssumeRolePath -SourceArn $Carol -Snapshot $dir -Quiet -ErrorVariable e -ErrorAction SilentlyContinue)
        $r | Should -Be @($false, $false)
        $e | Should -HaveCount 1
    }
}

Describe 'Test-AssumeRolePath formatting' {
    BeforeAll { $script:checks = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot) }

    It 'has a default table view with the columns Order, Check, Status, Summary' {
        $view = (Get-FormatData -TypeName RoleTrust.PathCheck).FormatViewDefinition
        $view[0].Control | Should -BeOfType ([System.Management.Automation.TableControl])
        $lines = ($checks | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Order\s+Check\s+Status\s+Summary\s*$'
        $lines[1] | Should -Match '^[\s-]+$'
        $lines[2] | Should -Match '^\s*1\s+CallerIdentity\s+NotApplicable\s'
        $lines | Should -Not -Match '^\s*Evidence'
    }

    It 'shows Evidence, Fix and ErrorText in Format-List' {
        $fail = $checks | Where-Object Check -EQ 'TrustPolicy'
        $text = $fail | Format-List | Out-String -Width 250
        $text | Should -Match '(?m)^Evidence\s*: .*TrustCarolWithMfa'
        $text | Should -Match '(?m)^Fix\s*: \S'
        $text | Should -Match '(?m)^ErrorText\s*: User: arn:aws:iam::111111111111:user/Bob is not authorized'
        $text | Should -Match '(?m)^Summary\s*:'
    }
}
