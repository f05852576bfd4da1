#Requires -Version 7.0
# Pester 6 tests for Get-RoleTrustGap against the staged module (build.ps1 sets ROLETRUST_MODULE).
# Data: examples/bob-alice (README.md explains its four paths) and small snapshot folders built under TestDrive.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop

    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:ExpectedPaths = Join-Path $Example 'expected-paths.csv'
    $script:CommandClass = 'RoleTrust.Cmdlets.GetRoleTrustGapCommand'

    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:CiRunner = 'arn:aws:iam::111111111111:role/ci/ci-runner'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'
    $script:DeployWithoutPath = 'arn:aws:iam::222222222222:role/Deploy'

    $script:Snapshot = Import-RoleTrustSnapshot $Example

    # Carol's statement as it stands in Alice's trust policy (accounts/222222222222.json), compressed.
    $aliceEntry = (Get-Content (Join-Path $Example 'accounts/222222222222.json') -Raw | ConvertFrom-Json).RoleDetailList | Where-Object RoleName -EQ 'Alice'
    $script:CarolStatement = $aliceEntry.AssumeRolePolicyDocument.Statement[0] | ConvertTo-Json -Depth 16 -Compress

    $script:BobIdentityDocument = '{"Version":"2012-10-17","Statement":[{"Sid":"PermissionToAssumeAlice","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Alice"}]}'
    $script:BobTrustStatement = '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole"}'

    function script:New-TestSnapshot {
        param([string] $Name, [string[]] $Account = @('111111111111', '222222222222'), [string[]] $Unreadable = @(), [switch] $NoOrganization)
        $dir = Join-Path $TestDrive $Name
        $null = New-Item (Join-Path $dir 'accounts') -ItemType Directory -Force
        foreach ($id in $Account) { Copy-Item (Join-Path $Example "accounts/$id.json") (Join-Path $dir "accounts/$id.json") }
        foreach ($id in $Unreadable) { Set-Content (Join-Path $dir "accounts/$id.json") '{"RoleDetailList": [ {"RoleName": ' }
        if (-not $NoOrganization) { Copy-Item (Join-Path $Example 'organization.json') $dir }
        $dir
    }
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Get-RoleTrustGap command contract' {
    BeforeAll {
        $script:cmd = Get-Command Get-RoleTrustGap
        $script:testCmd = Get-Command Test-AssumeRolePath
    }

    It 'is exported by the RoleTrust module as a cmdlet' {
        $cmd.CommandType | Should -Be 'Cmdlet'
        $cmd.ModuleName | Should -Be 'RoleTrust'
        $cmd.ImplementingType.FullName | Should -Be $CommandClass
    }

    It 'declares RoleTrust.TrustGap as its only output type' {
        @($cmd.OutputType.Type) | Should -Be @([RoleTrust.TrustGap])
    }

    It 'makes -RoleArn a mandatory string (alias Arn) bound by value and by property name' {
        $cmd | Should -HaveParameter RoleArn -Type string -Mandatory
        $cmd.Parameters['RoleArn'].Aliases | Should -Contain 'Arn'
        $p = $cmd.Parameters['RoleArn'].ParameterSets['Principal']
        $p.ValueFromPipeline | Should -BeTrue
        $p.ValueFromPipelineByPropertyName | Should -BeTrue
        $p.Position | Should -Be 0
    }

    It 'takes -SourceArn and -Snapshot by property name' {
        $cmd | Should -HaveParameter SourceArn -Type string
        $cmd | Should -HaveParameter Snapshot -Type object
        $cmd.Parameters['SourceArn'].ParameterSets['Principal'].ValueFromPipelineByPropertyName | Should -BeTrue
        $cmd.Parameters['Snapshot'].ParameterSets['__AllParameterSets'].ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'has no -Quiet (only Test-AssumeRolePath has it)' {
        $cmd.Parameters.Keys | Should -Not -Contain 'Quiet'
        $testCmd.Parameters.Keys | Should -Contain 'Quiet'
    }

    It 'otherwise takes exactly the parameters of Test-AssumeRolePath (less -Quiet and -Probe)' {
        $mine = $cmd.Parameters.Keys | Sort-Object
        $theirs = $testCmd.Parameters.Keys | Where-Object { $_ -notin 'Quiet', 'Probe' } | Sort-Object
        $mine | Should -Be $theirs
    }
}

Describe 'Get-RoleTrustGap output' {
    It 'writes only the Fail and Unknown checks, as RoleTrust.TrustGap' {
        $checks = Test-AssumeRolePath -SourceArn $Bob -RoleArn $DeployWithoutPath -Snapshot $Snapshot
        $blocking = @($checks | Where-Object Status -In 'Fail', 'Unknown')
        $gaps = @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $DeployWithoutPath -Snapshot $Snapshot)
        $gaps | Should -HaveCount $blocking.Count
        $gaps.Check | Should -Be $blocking.Check
        foreach ($g in $gaps) {
            $g | Should -BeOfType ([RoleTrust.TrustGap])
            $g.PSObject.TypeNames[0] | Should -Be 'RoleTrust.TrustGap'
            "$($g.Status)" | Should -BeIn @('Fail', 'Unknown')
        }
    }

    It 'writes nothing for an open path (<Name>)' -ForEach @(
        @{ Name = 'ci-runner -> ci/Deploy'; Source = 'arn:aws:iam::111111111111:role/ci/ci-runner'; Role = 'arn:aws:iam::222222222222:role/ci/Deploy'; Extra = @{} }
        @{ Name = 'Carol -> Alice with MFA'; Source = 'arn:aws:iam::111111111111:user/Carol'; Role = 'arn:aws:iam::222222222222:role/Alice'; Extra = @{ MfaPresent = $true } }
    ) {
        $gaps = @(Get-RoleTrustGap -SourceArn $Source -RoleArn $Role -Snapshot $Snapshot @Extra)
        $gaps | Should -HaveCount 0
        # The same pair without the fix that opens it is not empty, so the empty answer means something.
        if ($Extra.Count) { @(Get-RoleTrustGap -SourceArn $Source -RoleArn $Role -Snapshot $Snapshot) | Should -Not -HaveCount 0 }
    }

    It 'writes Unknown gaps too: no organization.json' {
        $dir = New-TestSnapshot 'gap-no-org' -NoOrganization
        $gaps = @(Get-RoleTrustGap -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent)
        $gaps.Check | Should -Be @('ServiceControlPolicy', 'ResourceControlPolicy')
        ($gaps.Status | ForEach-Object { "$_" }) | Should -Be @('Unknown', 'Unknown')
        foreach ($g in $gaps) { $g.Summary | Should -Match 'organization\.json' }
    }

    It 'writes one TrustConditions gap for Carol -> Alice without MFA' {
        $g = @(Get-RoleTrustGap -SourceArn $Carol -RoleArn $Alice -Snapshot $Snapshot)
        $g.Check | Should -Be @('TrustConditions')
        $g[0].Summary | Should -Match 'aws:MultiFactorAuthPresent'
        $g[0].SourceArn | Should -Be $Carol
        $g[0].RoleArn | Should -Be $Alice
    }

    It 'names role/ci/Deploy in the TargetRole gap of Bob -> role/Deploy' {
        $g = Get-RoleTrustGap -SourceArn $Bob -RoleArn $DeployWithoutPath -Snapshot $Snapshot | Where-Object Check -EQ 'TargetRole'
        $g.Status | Should -Be 'Fail'
        $g.Summary | Should -Match ([regex]::Escape($Deploy))
    }
}

Describe 'Get-RoleTrustGap fixes for Bob -> Alice' {
    BeforeAll {
        $script:gaps = @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot)
        $script:identityGap = $gaps | Where-Object Check -EQ 'IdentityPolicy'
        $script:trustGap = $gaps | Where-Object Check -EQ 'TrustPolicy'
    }

    It 'writes exactly the IdentityPolicy and TrustPolicy gaps, both Fail' {
        $gaps.Check | Should -Be @('IdentityPolicy', 'TrustPolicy')
        ($gaps.Status | ForEach-Object { "$_" }) | Should -Be @('Fail', 'Fail')
        foreach ($g in $gaps) {
            $g.SourceArn | Should -Be $Bob
            $g.RoleArn | Should -Be $Alice
            $g.Fix | Should -Not -BeNullOrEmpty
            $g.ErrorText | Should -Match '^User: arn:aws:iam::111111111111:user/Bob is not authorized to perform: sts:AssumeRole'
        }
    }

    It 'gives the identity-policy fix as Write-IAMUserPolicy for user Bob' {
        $identityGap.Command | Should -BeExactly 'Write-IAMUserPolicy'
        $identityGap.UserName | Should -BeExactly 'Bob'
        $identityGap.PolicyName | Should -BeExactly 'PermissionToAssumeAlice'
        $identityGap.RoleName | Should -BeNullOrEmpty
        $identityGap.PolicyDocument | Should -BeExactly $BobIdentityDocument
    }

    It 'gives the trust fix as Update-IAMAssumeRolePolicy for role Alice, keeping Carol''s statement' {
        $trustGap.Command | Should -BeExactly 'Update-IAMAssumeRolePolicy'
        $trustGap.RoleName | Should -BeExactly 'Alice'
        $trustGap.UserName | Should -BeNullOrEmpty
        $trustGap.Statement | Should -BeExactly $BobTrustStatement
        $doc = $trustGap.PolicyDocument | ConvertFrom-Json
        $doc.Version | Should -Be '2012-10-17'
        $doc.Statement | Should -HaveCount 2
        ($doc.Statement[0] | ConvertTo-Json -Depth 16 -Compress) | Should -BeExactly $CarolStatement
        ($doc.Statement[1] | ConvertTo-Json -Depth 16 -Compress) | Should -BeExactly $BobTrustStatement
        $trustGap.PolicyDocument.EndsWith(",$BobTrustStatement]}") | Should -BeTrue
    }

    It 'binds by property name to stand-ins shaped like AWS.Tools Write-IAMUserPolicy and Update-IAMAssumeRolePolicy' {
        $script:applied = [System.Collections.Generic.List[object]]::new()
        function Write-IAMUserPolicy {
            [CmdletBinding()]
            param(
                [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [string] $UserName,
                [Parameter(Mandatory, Position = 1, ValueFromPipelineByPropertyName)] [string] $PolicyName,
                [Parameter(Mandatory, Position = 2, ValueFromPipelineByPropertyName)] [string] $PolicyDocument)
            process { $script:applied.Add([pscustomobject]@{ Command = 'Write-IAMUserPolicy'; UserName = $UserName; PolicyName = $PolicyName; PolicyDocument = $PolicyDocument }) }
        }
        function Update-IAMAssumeRolePolicy {
            [CmdletBinding()]
            param(
                [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [string] $RoleName,
                [Parameter(Mandatory, Position = 1, ValueFromPipelineByPropertyName)] [string] $PolicyDocument)
            process { $script:applied.Add([pscustomobject]@{ Command = 'Update-IAMAssumeRolePolicy'; RoleName = $RoleName; PolicyDocument = $PolicyDocument }) }
        }

        # Each gap names the command that applies it; pipe it there and nothing else is needed.
        Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot | ForEach-Object { $_ | & $_.Command -ErrorAction Stop }

        $applied | Should -HaveCount 2
        $applied[0].Command | Should -Be 'Write-IAMUserPolicy'
        $applied[0].UserName | Should -BeExactly 'Bob'
        $applied[0].PolicyName | Should -BeExactly 'PermissionToAssumeAlice'
        $applied[0].PolicyDocument | Should -BeExactly $BobIdentityDocument
        $applied[1].Command | Should -Be 'Update-IAMAssumeRolePolicy'
        $applied[1].RoleName | Should -BeExactly 'Alice'
        $applied[1].PolicyDocument | Should -BeExactly $trustGap.PolicyDocument
    }

    It 'does not bind the identity gap to Update-IAMAssumeRolePolicy (no RoleName)' {
        function Update-IAMAssumeRolePolicy {
            [CmdletBinding()]
            param([Parameter(Mandatory, ValueFromPipelineByPropertyName)] [string] $RoleName,
                [Parameter(Mandatory, ValueFromPipelineByPropertyName)] [string] $PolicyDocument)
            process { $RoleName }
        }
        { $identityGap | Update-IAMAssumeRolePolicy -ErrorAction Stop } | Should -Throw
    }

    It 'opens the path once both fixes are applied to the snapshot' {
        $dir = New-TestSnapshot 'fixed'
        $f111 = Join-Path $dir 'accounts/111111111111.json'; $f222 = Join-Path $dir 'accounts/222222222222.json'
        $a = Get-Content $f111 -Raw | ConvertFrom-Json
        $bobEntry = $a.UserDetailList | Where-Object UserName -EQ 'Bob'
        $bobEntry | Add-Member -Force -NotePropertyName UserPolicyList -NotePropertyValue @([pscustomobject]@{ PolicyName = $identityGap.PolicyName; PolicyDocument = ($identityGap.PolicyDocument | ConvertFrom-Json) })
        $a | ConvertTo-Json -Depth 32 | Set-Content $f111
        $b = Get-Content $f222 -Raw | ConvertFrom-Json
        ($b.RoleDetailList | Where-Object RoleName -EQ 'Alice').AssumeRolePolicyDocument = $trustGap.PolicyDocument | ConvertFrom-Json
        $b | ConvertTo-Json -Depth 32 | Set-Content $f222

        @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $dir) | Should -HaveCount 0
        # Carol's statement survived the trust fix: she still needs MFA, and gets in with it.
        @(Get-RoleTrustGap -SourceArn $Carol -RoleArn $Alice -Snapshot $dir).Check | Should -Be @('TrustConditions')
        @(Get-RoleTrustGap -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent) | Should -HaveCount 0
    }
}

Describe 'Get-RoleTrustGap over many pairs' {
    It 'audits every expected path from Import-Csv, binding SourceArn and RoleArn by property name' {
        $gaps = @(Import-Csv $ExpectedPaths | Get-RoleTrustGap -Snapshot $Snapshot)
        $broken = $gaps | ForEach-Object { "$($_.SourceArn) -> $($_.RoleArn)" } | Select-Object -Unique
        $broken | Should -Be @("$Bob -> $Alice", "$Carol -> $Alice", "$Bob -> $DeployWithoutPath")
        @($gaps | Where-Object RoleArn -EQ $Deploy) | Should -HaveCount 0
        @($gaps | Where-Object { $_.SourceArn -eq $Bob -and $_.RoleArn -eq $Alice }).Check | Should -Be @('IdentityPolicy', 'TrustPolicy')
    }

    It 'binds Get-IAMRole-shaped objects by Arn, and role ARN strings by value' {
        $roles = @(
            [pscustomobject]@{ Arn = $Alice; RoleName = 'Alice'; AssumeRolePolicyDocument = '%7B%7D' }
            [pscustomobject]@{ Arn = $Deploy; RoleName = 'Deploy'; AssumeRolePolicyDocument = '%7B%7D' }
        )
        $viaObjects = @($roles | Get-RoleTrustGap -SourceArn $CiRunner -Snapshot $Snapshot)
        ($viaObjects.RoleArn | Select-Object -Unique) | Should -Be @($Alice)
        $viaStrings = @($Alice, $Deploy | Get-RoleTrustGap -SourceArn $CiRunner -Snapshot $Snapshot)
        $viaStrings.Check | Should -Be $viaObjects.Check
    }

    It 'accepts a folder path for -Snapshot with the same answer as an imported snapshot' {
        $a = @(Import-Csv $ExpectedPaths | Get-RoleTrustGap -Snapshot $Example)
        $b = @(Import-Csv $ExpectedPaths | Get-RoleTrustGap -Snapshot $Snapshot)
        $a.Check | Should -Be $b.Check
        $a.Summary | Should -Be $b.Summary
    }
}

Describe 'Get-RoleTrustGap error records' {
    It 'reports an invalid RoleArn as InvalidArn with an Unknown gap for that item, and continues with the next piped item' {
        $out = @('arn:aws:iam::2222:role/Alice', $Alice | Get-RoleTrustGap -SourceArn $Bob -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue)
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidArn,$CommandClass"
        # An item that cannot be evaluated is never "no gap": empty output must keep meaning "every path open".
        $out.Check | Should -Be @('TargetRole', 'IdentityPolicy', 'TrustPolicy')
        $out[0].Status | Should -Be 'Unknown'
        $out[0].RoleArn | Should -Be 'arn:aws:iam::2222:role/Alice'
        $out[0].Summary | Should -Be ('Not evaluated: ' + $e[0].Exception.Message)
    }

    It 'reports a missing -SourceArn as SourceArnRequired with an Unknown gap' {
        $out = @(Get-RoleTrustGap -RoleArn $Alice -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue)
        $e[0].FullyQualifiedErrorId | Should -BeExactly "SourceArnRequired,$CommandClass"
        $out | Should -HaveCount 1
        $out[0].Check | Should -Be 'SourcePrincipal'
        $out[0].Status | Should -Be 'Unknown'
    }

    It 'throws SnapshotNotFound for a snapshot folder that does not exist' {
        { Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot (Join-Path $TestDrive 'missing') -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
    }

    It 'writes InvalidSnapshotFile and Unknown gaps for an unreadable account file' {
        $dir = New-TestSnapshot 'gap-bad-222' -Account '111111111111' -Unreadable '222222222222'
        $gaps = @(Get-RoleTrustGap -SourceArn $Carol -RoleArn $Alice -Snapshot $dir -MfaPresent -ErrorVariable e -ErrorAction SilentlyContinue)
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $gaps.Check | Should -Be @('TargetRole', 'TrustPolicy', 'TrustConditions')
        ($gaps.Status | Select-Object -Unique | ForEach-Object { "$_" }) | Should -Be 'Unknown'
    }
}

Describe 'Get-RoleTrustGap formatting' {
    It 'has a default table view grouped by path with the columns Check, Status, Summary' {
        $gaps = Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot
        $lines = ($gaps | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Path: arn:aws:iam::111111111111:user/Bob -> arn:aws:iam::222222222222:role/Alice\s*$'
        $lines[1] | Should -Match '^\s*Check\s+Status\s+Summary\s*$'
        $lines[3] | Should -Match '^IdentityPolicy\s+Fail\s+No identity-based policy'
    }

    It 'shows the change in Format-List' {
        $text = Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Snapshot | Select-Object -Last 1 | Format-List | Out-String -Width 400
        $text | Should -Match '(?m)^Command\s*: Update-IAMAssumeRolePolicy'
        $text | Should -Match '(?m)^PolicyDocument\s*: \{"Version":"2012-10-17"'
        $text | Should -Match '(?m)^Evidence\s*: \S'
        $text | Should -Match '(?m)^Fix\s*: \S'
        $text | Should -Match '(?m)^ErrorText\s*: User: '
    }
}
