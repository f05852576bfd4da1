#Requires -Version 7.0
# Pester 6 tests for Test-IamPolicy against the staged module (build.ps1 sets ROLETRUST_MODULE).
# Scenario throughout: user Bob in account 111111111111 assumes role Alice in account 222222222222.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop

    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:CommandClass = 'RoleTrust.Cmdlets.TestIamPolicyCommand'

    # Bob's identity policy: may assume Alice.
    $script:BobMayAssumeAlice = '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeAlice","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Alice"}]}'
    # Alice's trust policy: trusts Bob by ARN.
    $script:AliceTrustsBob = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole"}]}'
    # Alice's trust policy: trusts account 111111111111 but explicitly denies Bob.
    $script:AliceDeniesBob = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"},{"Sid":"NotBob","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole"}]}'

    function script:Write-Jsonl {
        param([string] $Path, [object[]] $Case)
        $lines = foreach ($c in $Case) { if ($c -is [string]) { $c } else { $c | ConvertTo-Json -Depth 32 -Compress } }
        Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
        $Path
    }

    # One case per line, in the field names of ARCHITECTURE.md (the cmdlet's aliases).
    function script:New-Case {
        param([string] $Id, [hashtable] $Extra = @{})
        $c = [ordered]@{ id = $Id; principal = $script:Bob; resource = $script:Alice
            identityPolicies = @($script:BobMayAssumeAlice); trustPolicy = ($script:AliceTrustsBob | ConvertFrom-Json) }
        foreach ($k in $Extra.Keys) { $c[$k] = $Extra[$k] }
        $c
    }

    $script:FullAwsAccess = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Allow'; Action = '*'; Resource = '*' }) }
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Test-IamPolicy command contract' {
    BeforeAll { $script:cmd = Get-Command Test-IamPolicy }

    It 'is exported by the RoleTrust module as a cmdlet' {
        $cmd.CommandType | Should -Be 'Cmdlet'
        $cmd.ModuleName | Should -Be 'RoleTrust'
    }

    It 'declares RoleTrust.PolicyDecision as its output type' {
        $cmd.OutputType.Type | Should -Contain ([RoleTrust.PolicyDecision])
    }

    It 'has the Request and Path parameter sets, Request being the default' {
        $cmd.ParameterSets.Name | Sort-Object | Should -Be @('Path', 'Request')
        $cmd.DefaultParameterSet | Should -Be 'Request'
    }

    It 'makes -Principal and -Resource mandatory strings in the Request set' {
        $cmd | Should -HaveParameter Principal -Type string -Mandatory
        $cmd | Should -HaveParameter Resource -Type string -Mandatory
        $cmd.Parameters['Principal'].ParameterSets['Request'].Position | Should -Be 0
        $cmd.Parameters['Resource'].ParameterSets['Request'].Position | Should -Be 1
    }

    It 'gives -<Name> the alias <Alias>' -ForEach @(
        @{ Name = 'IdentityPolicy'; Alias = 'identityPolicies' }
        @{ Name = 'PermissionsBoundary'; Alias = 'permissionBoundaries' }
        @{ Name = 'VpcEndpointPolicy'; Alias = 'endpointPolicies' }
        @{ Name = 'ServiceControlPolicy'; Alias = 'scps' }
        @{ Name = 'ResourceControlPolicy'; Alias = 'rcps' }
        @{ Name = 'ResourcePolicy'; Alias = 'trustPolicy' }
    ) {
        $cmd.Parameters[$Name].Aliases | Should -Contain $Alias
    }

    It 'binds -<_> from the pipeline by property name' -ForEach @(
        'Principal', 'Action', 'Resource', 'ResourceAccount', 'IdentityPolicy', 'PermissionsBoundary', 'SessionPolicy',
        'VpcEndpointPolicy', 'ServiceControlPolicy', 'ResourceControlPolicy', 'ResourcePolicy', 'Context', 'Id', 'Expect'
    ) {
        $p = $cmd.Parameters[$_]
        $p | Should -Not -BeNullOrEmpty
        $p.ParameterSets['Request'].ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'takes -Path from pipeline FullName (Get-ChildItem output) in its own set' {
        $cmd | Should -HaveParameter Path -Type 'string[]' -Mandatory
        $cmd.Parameters['Path'].Aliases | Should -Contain 'FullName'
        $cmd.Parameters['Path'].ParameterSets.Keys | Should -Be @('Path')
        $cmd.Parameters['Path'].ParameterSets['Path'].ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'defaults -Action to sts:AssumeRole' {
        $d = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $AliceTrustsBob
        $d.Action | Should -BeExactly 'sts:AssumeRole'
        $d.Decision | Should -Be 'Allowed'
    }
}

Describe 'Test-IamPolicy output' {
    BeforeAll {
        $script:d = Test-IamPolicy -Principal $Bob -Resource $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $AliceTrustsBob
    }

    It 'writes exactly one RoleTrust.PolicyDecision per request' {
        @($d).Count | Should -Be 1
        $d | Should -BeOfType ([RoleTrust.PolicyDecision])
        $d.PSObject.TypeNames[0] | Should -Be 'RoleTrust.PolicyDecision'
    }

    It 'reports the request, the decision and the deciding statements of a cross-account AssumeRole' {
        $d.Decision | Should -Be 'Allowed'
        $d.Principal | Should -Be $Bob
        $d.Resource | Should -Be $Alice
        $d.SameAccount | Should -BeFalse
        $d.IdentityPolicy | Should -Be 'Allowed'
        $d.ResourcePolicy | Should -Be 'Allowed'
        $d.DeniedBy | Should -HaveCount 0
        @($d.AllowedBy | Where-Object Layer -EQ 'IdentityPolicy').Count | Should -Be 1
        ($d.AllowedBy | Where-Object Layer -EQ 'IdentityPolicy').Index | Should -Be 0
    }

    It 'names the trust policy statement (0-based) that explicitly denies, and the AWS error text' {
        $r = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $AliceDeniesBob
        $r.Decision | Should -Be 'ExplicitlyDenied'
        $r.DecidingLayer | Should -Be 'ResourcePolicy'
        $r.DeniedBy.Index | Should -Be 1
        $r.ErrorText | Should -Not -BeNullOrEmpty
    }

    It 'fails cross-account when the identity policy does not allow, even though the trust policy names Bob' {
        $r = Test-IamPolicy $Bob $Alice -ResourcePolicy $AliceTrustsBob
        $r.Decision | Should -Be 'ImplicitlyDenied'
        $r.DecidingLayer | Should -Be 'IdentityPolicy'
    }

    It 'allows a same-account trust that names the principal directly without an identity policy' {
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/Carol"},"Action":"sts:AssumeRole"}]}'
        $r = Test-IamPolicy 'arn:aws:iam::222222222222:user/Carol' $Alice -ResourcePolicy $trust
        $r.SameAccount | Should -BeTrue
        $r.Decision | Should -Be 'Allowed'
    }

    It 'has a default table view' {
        $view = (Get-FormatData -TypeName RoleTrust.PolicyDecision).FormatViewDefinition
        $view[0].Control | Should -BeOfType ([System.Management.Automation.TableControl])
        $lines = ($d | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Id\s+Decision\s+DecidingLayer\s+AsExpected\s+Principal\s*$'
        $lines[1] | Should -Match '^[\s-]+$'
        $lines[2] | Should -Match 'Allowed'
        $lines.Count | Should -Be 3
    }
}

Describe 'Test-IamPolicy output for scripts' {
    BeforeAll {
        # Alice trusts account 111111111111 but denies Bob by name (statement 1, Sid NotBob); a duplicate key adds a warning.
        $dupIdentity = '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeAlice","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Alice","Effect":"Allow"}]}'
        $script:denied = Test-IamPolicy $Bob $Alice -IdentityPolicy $dupIdentity -ResourcePolicy $AliceDeniesBob -WarningAction SilentlyContinue
        $script:allowed = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $AliceTrustsBob -ServiceControlPolicy @(, @($FullAwsAccess))
    }

    It 'ConvertTo-Json writes the decision, the deciding layer and every layer outcome as names' {
        $json = $denied | ConvertTo-Json -Depth 6
        $json | Should -Match '"Decision":\s*"ExplicitlyDenied"'
        $json | Should -Match '"DecidingLayer":\s*"ResourcePolicy"'
        $json | Should -Match '"ResourcePolicy":\s*"ExplicitlyDenied"'
        $json | Should -Match '"ServiceControlPolicy":\s*"NotPresent"'
        $back = $json | ConvertFrom-Json
        $back.Decision | Should -BeExactly 'ExplicitlyDenied'
        $back.IdentityPolicy | Should -BeExactly 'Allowed'
        $back.SessionPolicy | Should -BeExactly 'NotPresent'
        @($back.Layers).Count | Should -Be 2
        $back.Layers[0].Layer | Should -BeExactly 'ResourcePolicy'
        $back.Layers[0].Outcome | Should -BeExactly 'ExplicitlyDenied'
        $back.DeniedBy[0].Layer | Should -BeExactly 'ResourcePolicy'
        $back.DeniedBy[0].Effect | Should -BeExactly 'Deny'
        $back.DeniedBy[0].Index | Should -Be 1
        $back.DeniedBy[0].Sid | Should -BeExactly 'NotBob'
        $back.AllowedBy.Layer | Should -Contain 'IdentityPolicy'
        $back.Warnings[0] | Should -Match "Duplicate JSON key 'Effect'"
    }

    It 'round-trips through ConvertTo-Json: every enum-like value comes back as the same name' {
        $back = $allowed | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        foreach ($name in 'Decision', 'ServiceControlPolicy', 'ResourceControlPolicy', 'VpcEndpointPolicy', 'ResourcePolicy', 'IdentityPolicy', 'PermissionsBoundary', 'SessionPolicy') {
            $back.$name | Should -BeOfType ([string])
            $back.$name | Should -BeExactly $allowed.$name
        }
        $back.Layers.Outcome | Should -Be @('Allowed', 'Allowed', 'Allowed')
        $back.Layers.Layer | Should -Be @('ServiceControlPolicy', 'ResourcePolicy', 'IdentityPolicy')
        $back.AllowedBy.Effect | Should -Be @('Allow', 'Allow', 'Allow')
        $back.DecidingLayer | Should -BeNullOrEmpty
    }

    It 'ConvertTo-Json at its default depth still writes readable text for nested lists' {
        $json = $denied | ConvertTo-Json -WarningAction SilentlyContinue
        $back = $json | ConvertFrom-Json
        $back.Decision | Should -BeExactly 'ExplicitlyDenied'
        $back.Layers[0].Outcome | Should -BeExactly 'ExplicitlyDenied'
        $back.Layers[0].AllowedBy | Should -BeExactly 'ResourcePolicy: ResourcePolicy[0]'
        $back.Layers[0].DeniedBy | Should -BeExactly 'ResourcePolicy: ResourcePolicy[1] (NotBob)'
        $json | Should -Not -Match 'System\.Collections|RoleTrust\.Policy'
    }

    It 'Export-Csv writes readable cells for Layers, AllowedBy, DeniedBy and Warnings' {
        $csv = Join-Path $TestDrive 'decisions.csv'
        $denied, $allowed | Export-Csv -LiteralPath $csv -NoTypeInformation
        $raw = Get-Content -LiteralPath $csv -Raw
        $raw | Should -Not -Match 'System\.Collections|ReadableList|RoleTrust\.Policy'
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows[0].Decision | Should -BeExactly 'ExplicitlyDenied'
        $rows[0].DecidingLayer | Should -BeExactly 'ResourcePolicy'
        $rows[0].Layers | Should -BeExactly 'ResourcePolicy=ExplicitlyDenied; IdentityPolicy=Allowed'
        $rows[0].DeniedBy | Should -BeExactly 'ResourcePolicy: ResourcePolicy[1] (NotBob)'
        $rows[0].AllowedBy | Should -BeExactly 'ResourcePolicy: ResourcePolicy[0]; IdentityPolicy: IdentityPolicy[0][0] (AssumeAlice)'
        $rows[0].Warnings | Should -Match "^IdentityPolicy\[0\]: Duplicate JSON key 'Effect'"
        $rows[1].Layers | Should -BeExactly 'ServiceControlPolicy=Allowed; ResourcePolicy=Allowed; IdentityPolicy=Allowed'
        $rows[1].DeniedBy | Should -BeExactly ''
        $rows[1].Warnings | Should -BeExactly ''
    }

    It 'keeps the list view readable' {
        $text = $denied | Format-List | Out-String -Width 300
        $text | Should -Match 'Layers\s*:\s*ResourcePolicy=ExplicitlyDenied, IdentityPolicy=Allowed'
        $text | Should -Match 'DeniedBy\s*:\s*ResourcePolicy: ResourcePolicy\[1\] \(NotBob\)'
    }

    It 'binds -ManagementAccount by property name: SCPs do not apply to its principals' {
        $denyAll = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Deny'; Action = '*'; Resource = '*' }) }
        $case = [pscustomobject]@{ principal = 'arn:aws:iam::111111111111:user/Admin'; action = 'iam:GetUser'; resource = 'arn:aws:iam::111111111111:user/Bob'
            identityPolicies = @($FullAwsAccess); scps = @(, @($FullAwsAccess, $denyAll)); managementAccount = '111111111111' }
        $r = $case | Test-IamPolicy
        $r.Decision | Should -Be 'Allowed'
        $r.ServiceControlPolicy | Should -Be 'Exempt'
        $case.managementAccount = '999999999999'
        ($case | Test-IamPolicy).Decision | Should -Be 'ExplicitlyDenied'
    }
}

Describe 'Test-IamPolicy policy forms' {
    # Each form of the same document must mean the same thing: the Allow form allows, the Deny form denies.
    It 'accepts a policy as <Form>' -ForEach @(
        @{ Form = 'a JSON string'; Make = { param($j) $j } }
        @{ Form = 'a URL-encoded JSON string (as IAM returns it)'; Make = { param($j) [uri]::EscapeDataString($j) } }
        @{ Form = 'a PSCustomObject (ConvertFrom-Json)'; Make = { param($j) $j | ConvertFrom-Json } }
        @{ Form = 'a hashtable (ConvertFrom-Json -AsHashtable)'; Make = { param($j) $j | ConvertFrom-Json -AsHashtable } }
        @{ Form = 'a hand-written hashtable'; Make = { param($j) ConvertTo-TestHashtable ($j | ConvertFrom-Json) } }
    ) {
        function ConvertTo-TestHashtable($o) {
            if ($o -is [pscustomobject]) { $h = @{}; foreach ($p in $o.PSObject.Properties) { $h[$p.Name] = ConvertTo-TestHashtable $p.Value }; return $h }
            if ($o -is [array]) { return , @($o | ForEach-Object { ConvertTo-TestHashtable $_ }) }
            return $o
        }
        $allow = Test-IamPolicy $Bob $Alice -IdentityPolicy (& $Make $BobMayAssumeAlice) -ResourcePolicy (& $Make $AliceTrustsBob)
        $allow.Decision | Should -Be 'Allowed'
        $deny = Test-IamPolicy $Bob $Alice -IdentityPolicy (& $Make $BobMayAssumeAlice) -ResourcePolicy (& $Make $AliceDeniesBob)
        $deny.Decision | Should -Be 'ExplicitlyDenied'
        $deny.DeniedBy.Index | Should -Be 1
    }

    It 'binds a Get-IAMRole-shaped object whose trust policy is URL-encoded' {
        $case = [pscustomobject]@{
            Principal = $Bob; Resource = $Alice; IdentityPolicy = $BobMayAssumeAlice
            trustPolicy = [uri]::EscapeDataString($AliceDeniesBob)
        }
        ($case | Test-IamPolicy).Decision | Should -Be 'ExplicitlyDenied'
    }

    It 'accepts { PolicyName, PolicyDocument } objects and names the policy in AllowedBy' {
        $named = [pscustomobject]@{ PolicyName = 'AssumeAliceInline'; PolicyDocument = [uri]::EscapeDataString($BobMayAssumeAlice) }
        $r = Test-IamPolicy $Bob $Alice -IdentityPolicy $named -ResourcePolicy $AliceTrustsBob
        $r.Decision | Should -Be 'Allowed'
        ($r.AllowedBy | Where-Object Layer -EQ 'IdentityPolicy').PolicyName | Should -Be 'AssumeAliceInline'
    }
}

Describe 'Test-IamPolicy JSON Lines from the pipeline' {
    BeforeAll {
        $mfaTrust = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::111111111111:root' }
                    Action = 'sts:AssumeRole'; Condition = @{ Bool = @{ 'aws:MultiFactorAuthPresent' = 'true' } } }) }
        $denyAliceScp = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Deny'; Action = 'sts:AssumeRole'; Resource = 'arn:aws:iam::*:role/Alice' }) }
        $orgOnlyRcp = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Deny'; Principal = '*'; Action = 'sts:AssumeRole'; Resource = '*'
                    Condition = @{ StringNotEqualsIfExists = @{ 'aws:PrincipalOrgID' = 'o-exampleorgid' } } }) }
        $s3OnlyBoundary = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Allow'; Action = 's3:*'; Resource = '*' }) }
        $stsReadEndpoint = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Allow'; Principal = '*'; Action = 'sts:GetCallerIdentity'; Resource = '*' }) }

        $file = Write-Jsonl (Join-Path $TestDrive 'cases.jsonl') @(
            (New-Case 'mfa-ok' @{ trustPolicy = $mfaTrust; context = @{ 'aws:MultiFactorAuthPresent' = $true }; expect = 'Allowed' })
            (New-Case 'mfa-missing' @{ trustPolicy = $mfaTrust })
            (New-Case 'scp-deny' @{ scps = @(@($FullAwsAccess), [ordered]@{ id = 'ou-workloads'; policies = @($FullAwsAccess, $denyAliceScp) }); expect = 'ExplicitlyDenied' })
            (New-Case 'scp-allow' @{ scps = @(@($FullAwsAccess), @($FullAwsAccess)); expect = 'Allowed' })
            (New-Case 'rcp-outside-org' @{ rcps = @(, @($orgOnlyRcp)); context = @{ 'aws:PrincipalOrgID' = 'o-otherorg' }; expect = 'ExplicitlyDenied' })
            (New-Case 'rcp-inside-org' @{ rcps = @(, @($orgOnlyRcp)); context = @{ 'aws:PrincipalOrgID' = 'o-exampleorgid' }; expect = 'Allowed' })
            (New-Case 'boundary' @{ permissionBoundaries = @($s3OnlyBoundary); expect = 'ImplicitlyDenied' })
            (New-Case 'endpoint' @{ endpointPolicies = @($stsReadEndpoint); expect = 'Denied' })
            (New-Case 'wrong-expectation' @{ expect = 'ExplicitlyDenied' })
        )
        $script:results = Get-Content $file | ConvertFrom-Json | Test-IamPolicy
        $script:byId = @{}; foreach ($r in $results) { $byId[$r.Id] = $r }
    }

    It 'evaluates every line and carries each id' {
        $results | Should -HaveCount 9
        $results.Id | Should -Be @('mfa-ok', 'mfa-missing', 'scp-deny', 'scp-allow', 'rcp-outside-org', 'rcp-inside-org', 'boundary', 'endpoint', 'wrong-expectation')
    }

    It '<Id> is <Decision>, decided by <Layer>' -ForEach @(
        @{ Id = 'mfa-ok'; Decision = 'Allowed'; Layer = $null }
        @{ Id = 'mfa-missing'; Decision = 'ImplicitlyDenied'; Layer = 'ResourcePolicy' }
        @{ Id = 'scp-deny'; Decision = 'ExplicitlyDenied'; Layer = 'ServiceControlPolicy' }
        @{ Id = 'scp-allow'; Decision = 'Allowed'; Layer = $null }
        @{ Id = 'rcp-outside-org'; Decision = 'ExplicitlyDenied'; Layer = 'ResourceControlPolicy' }
        @{ Id = 'rcp-inside-org'; Decision = 'Allowed'; Layer = $null }
        @{ Id = 'boundary'; Decision = 'ImplicitlyDenied'; Layer = 'PermissionsBoundary' }
        @{ Id = 'endpoint'; Decision = 'ImplicitlyDenied'; Layer = 'VpcEndpointPolicy' }
    ) {
        $r = $byId[$Id]
        $r.Decision | Should -Be $Decision
        if ($Layer) { $r.DecidingLayer | Should -Be $Layer } else { $r.DecidingLayer | Should -BeNullOrEmpty }
    }

    It 'names the SCP level id and the denying policy within it' {
        $deny = $byId['scp-deny'].DeniedBy
        $deny | Should -HaveCount 1
        $deny.LevelId | Should -Be 'ou-workloads'
        $deny.PolicyName | Should -Match 'policy 1$'
    }

    It 'turns expect into Expected and AsExpected' {
        $byId['scp-deny'].Expected | Should -Be 'ExplicitlyDenied'
        $byId['scp-deny'].AsExpected | Should -BeTrue
        $byId['endpoint'].AsExpected | Should -BeTrue  # 'Denied' matches either kind of deny
        $byId['wrong-expectation'].Decision | Should -Be 'Allowed'
        $byId['wrong-expectation'].AsExpected | Should -BeFalse
        @($results | Where-Object AsExpected -EQ $false).Id | Should -Be @('wrong-expectation')
    }

    It 'does not carry context or expect over from the previous line' {
        # mfa-missing follows mfa-ok, which had the MFA context and an expect.
        $byId['mfa-missing'].Decision | Should -Be 'ImplicitlyDenied'
        $byId['mfa-missing'].Expected | Should -BeNullOrEmpty
        $byId['mfa-missing'].AsExpected | Should -BeNullOrEmpty
    }

    It 'numbers piped cases without an id as #<n>' {
        $noIds = 1..3 | ForEach-Object { [pscustomobject]@{ principal = $Bob; resource = $Alice; identityPolicies = $BobMayAssumeAlice; trustPolicy = $AliceTrustsBob } }
        ($noIds | Test-IamPolicy).Id | Should -Be @('#1', '#2', '#3')
    }

    It 'reports a bad piped case as an error and still evaluates the next ones' {
        $cases = @(
            [pscustomobject]@{ id = 'bad'; principal = 'arn:aws:iam::1111:user/Bob'; resource = $Alice; trustPolicy = $AliceTrustsBob }
            [pscustomobject]@{ id = 'good'; principal = $Bob; resource = $Alice; identityPolicies = $BobMayAssumeAlice; trustPolicy = $AliceTrustsBob }
        )
        $out = $cases | Test-IamPolicy -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev | Should -HaveCount 1
        $ev[0].FullyQualifiedErrorId | Should -Be "InvalidArn,$CommandClass"
        $ev[0].TargetObject | Should -Be 'bad'
        $out.Id | Should -Be 'good'
        $out.Decision | Should -Be 'Allowed'
    }
}

Describe 'Test-IamPolicy -Path' {
    BeforeAll {
        $lines = @(
            (New-Case 'cross-account-ok' @{ expect = 'Allowed' })
            '{"id":"truncated","principal":"arn:aws:iam::111111111111:user/Bob","resource":'
            (New-Case $null @{ trustPolicy = $AliceDeniesBob; expect = 'ExplicitlyDenied' })
            ''
            '{"id":"typo","principl":"arn:aws:iam::111111111111:user/Bob","resource":"arn:aws:iam::222222222222:role/Alice"}'
            (New-Case 'deny-expected-allow' @{ trustPolicy = $AliceDeniesBob; expect = 'Allowed' })
        )
        $lines[2].Remove('id')
        $script:suite = Write-Jsonl (Join-Path $TestDrive 'regression.jsonl') $lines
        $script:out = Test-IamPolicy -Path $suite -ErrorVariable pathErrors -ErrorAction SilentlyContinue
        $script:pathErrors = $pathErrors
    }

    It 'evaluates every good line despite the bad ones' {
        $out | Should -HaveCount 3
        $out | ForEach-Object { $_ | Should -BeOfType ([RoleTrust.PolicyDecision]) }
    }

    It 'carries ids, and names a case without one by file and line' {
        $out.Id | Should -Be @('cross-account-ok', 'regression.jsonl:3', 'deny-expected-allow')
    }

    It 'sets Expected and AsExpected from expect' {
        $out[0].Expected | Should -Be 'Allowed'; $out[0].AsExpected | Should -BeTrue
        $out[1].Expected | Should -Be 'ExplicitlyDenied'; $out[1].AsExpected | Should -BeTrue
        $out[2].Decision | Should -Be 'ExplicitlyDenied'; $out[2].AsExpected | Should -BeFalse
    }

    It 'writes one error per bad line, naming the file and line number' {
        $pathErrors | Should -HaveCount 2
        $pathErrors[0].FullyQualifiedErrorId | Should -Be "InvalidCaseJson,$CommandClass"
        $pathErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $pathErrors[0].Exception.Message | Should -Match '^regression\.jsonl line 2: '
        $pathErrors[0].TargetObject | Should -Be 'regression.jsonl:2'
        $pathErrors[1].FullyQualifiedErrorId | Should -Be "InvalidCase,$CommandClass"
        $pathErrors[1].Exception.Message | Should -Match '^regression\.jsonl line 5: .*principl'
    }

    It 'names the line of a case whose policy is invalid' {
        $f = Write-Jsonl (Join-Path $TestDrive 'badpolicy.jsonl') @(
            (New-Case 'ok')
            (New-Case 'bad-op' @{ trustPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEqualsFuzzy":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}' })
        )
        $r = Test-IamPolicy -Path $f -ErrorVariable e -ErrorAction SilentlyContinue
        $r.Id | Should -Be 'ok'
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -Be "UnknownConditionOperator,$CommandClass"
        $e[0].Exception.Message | Should -Match '^badpolicy\.jsonl line 2: .*StringEqualsFuzzy'
    }

    It 'matches the pipeline result for the same file' {
        $good = Join-Path $TestDrive 'good.jsonl'
        Get-Content $suite | Where-Object { $_ -and $_ -notmatch 'truncated|principl"' } | Set-Content $good
        $viaPipe = Get-Content $good | ConvertFrom-Json | Test-IamPolicy
        $viaPath = Test-IamPolicy -Path $good
        $viaPath.Decision | Should -Be $viaPipe.Decision
        $viaPath.AsExpected | Should -Be $viaPipe.AsExpected
    }

    It 'takes files from Get-ChildItem and relative paths from the current location' {
        $dir = Join-Path $TestDrive 'suite'; $null = New-Item $dir -ItemType Directory
        Write-Jsonl (Join-Path $dir 'a.jsonl') @((New-Case 'a1'), (New-Case 'a2')) | Out-Null
        Write-Jsonl (Join-Path $dir 'b.jsonl') @((New-Case 'b1')) | Out-Null
        (Get-ChildItem $dir -Filter *.jsonl | Sort-Object Name | Test-IamPolicy).Id | Should -Be @('a1', 'a2', 'b1')
        Push-Location $dir
        try { (Test-IamPolicy -Path b.jsonl).Id | Should -Be 'b1' } finally { Pop-Location }
    }

    It 'reads a file whose name holds wildcard characters, from Get-ChildItem and -LiteralPath' {
        $dir = Join-Path $TestDrive 'brackets'; $null = New-Item $dir -ItemType Directory
        $file = Write-Jsonl (Join-Path $dir 'suite[prod].jsonl') @((New-Case 'prod-1'), (New-Case 'prod-2'))
        (Get-ChildItem -LiteralPath $dir | Test-IamPolicy).Id | Should -Be @('prod-1', 'prod-2')
        (Test-IamPolicy -LiteralPath $file).Id | Should -Be @('prod-1', 'prod-2')
        (Test-IamPolicy -Path (Join-Path $dir 'suite`[prod`].jsonl')).Id | Should -Be @('prod-1', 'prod-2')
    }

    It 'writes a long file''s decisions, errors and warnings in line order (the cases run on worker threads)' {
        $trustWithResource = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole","Resource":"*"}]}'
        $lines = foreach ($i in 1..3000) {
            switch ($i % 4) {
                0 { New-Case "deny-$i" @{ trustPolicy = $AliceDeniesBob } }
                1 { '{"id":"broken-' + $i + '",' }
                2 { New-Case "warn-$i" @{ trustPolicy = $trustWithResource } }
                default { New-Case "ok-$i" }
            }
        }
        $long = Write-Jsonl (Join-Path $TestDrive 'long.jsonl') $lines
        $all = Test-IamPolicy -Path $long -ErrorAction SilentlyContinue -ErrorVariable e -WarningAction SilentlyContinue -WarningVariable w
        $all | Should -HaveCount 2250
        $expected = foreach ($i in 1..3000) { switch ($i % 4) { 0 { "deny-$i" } 1 { } 2 { "warn-$i" } default { "ok-$i" } } }
        $all.Id | Should -Be $expected
        ($all | Where-Object Id -Like 'deny-*').Decision | Select-Object -Unique | Should -Be 'ExplicitlyDenied'
        $e | Should -HaveCount 750
        $e.TargetObject | Should -Be (1..3000 | Where-Object { $_ % 4 -eq 1 } | ForEach-Object { "long.jsonl:$_" })
        # The same warning is written once, however many cases share it.
        $w | Should -HaveCount 1
        ($all | Where-Object Id -Like 'warn-*' | Where-Object { $_.Warnings.Count -eq 1 }) | Should -HaveCount 750
        (Test-IamPolicy -Path $long -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Select-Object -First 3).Id | Should -Be @('warn-2', 'ok-3', 'deny-4')
    }

    It 'stops within half a second when stopped in the middle of a file' {
        $big = Join-Path $TestDrive 'big.jsonl'
        $case = (New-Case 'big' @{ expect = 'Allowed' }) | ConvertTo-Json -Depth 32 -Compress
        Set-Content -LiteralPath $big -Value (@($case) * 200000) -Encoding utf8NoBOM
        $ps = [powershell]::Create()
        try {
            # Stopped as soon as decisions come out (waiting a fixed time would race a fast machine to the end).
            $written = [hashtable]::Synchronized(@{ N = 0 })
            $null = $ps.AddScript('param($m, $f, $written) Import-Module $m; Test-IamPolicy -Path $f | ForEach-Object { $written.N++ }').AddArgument($env:ROLETRUST_MODULE ?? $manifest).AddArgument($big).AddArgument($written)
            $async = $ps.BeginInvoke()
            $waited = [Diagnostics.Stopwatch]::StartNew()
            while ($written.N -eq 0 -and -not $async.IsCompleted -and $waited.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 10 }
            $written.N | Should -BeGreaterThan 0 -Because 'decisions are written while the file is read'
            $async.IsCompleted | Should -BeFalse -Because 'evaluating 200,000 cases takes longer than writing the first of them'
            $stop = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stop.Stop()
            $stop.ElapsedMilliseconds | Should -BeLessThan 500
            $ps.Streams.Error | Should -HaveCount 0
            $written.N | Should -BeLessThan 200000 -Because 'the run ended when it was stopped'
        } finally { $ps.Dispose() }
    }

    It 'reads a file in <Encoding>, with a warning naming the file and its encoding when it is not UTF-8' -ForEach @(
        @{ Encoding = 'UTF-8 with a byte order mark'; Bytes = { param($t) [byte[]](0xEF, 0xBB, 0xBF) + [Text.UTF8Encoding]::new($false).GetBytes($t) }; Warns = $false }
        @{ Encoding = 'UTF-16 little-endian with a byte order mark'; Bytes = { param($t) [Text.UnicodeEncoding]::new($false, $true).GetPreamble() + [Text.UnicodeEncoding]::new($false, $false).GetBytes($t) }; Warns = $true }
        @{ Encoding = 'UTF-16 little-endian without a byte order mark'; Bytes = { param($t) [Text.UnicodeEncoding]::new($false, $false).GetBytes($t) }; Warns = $true }
        @{ Encoding = 'UTF-16 big-endian without a byte order mark'; Bytes = { param($t) [Text.UnicodeEncoding]::new($true, $false).GetBytes($t) }; Warns = $true }
    ) {
        $text = ((New-Case 'enc-1' @{ expect = 'Allowed' }), (New-Case 'enc-2' @{ trustPolicy = $AliceDeniesBob }) | ForEach-Object { $_ | ConvertTo-Json -Depth 32 -Compress }) -join "`r`n"
        $file = Join-Path $TestDrive 'encoded.jsonl'
        [IO.File]::WriteAllBytes($file, (& $Bytes $text))
        $r = Test-IamPolicy -Path $file -ErrorVariable e -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        $r.Id | Should -Be @('enc-1', 'enc-2')
        $r.Decision | Should -Be @('Allowed', 'ExplicitlyDenied')
        if ($Warns) { ($w -join ' ') | Should -Match 'encoded\.jsonl.*UTF-16' } else { $w | Should -BeNullOrEmpty }
    }

    It 'refuses bytes that are not UTF-8 (a Latin-1 file): two different letters must not both read as U+FFFD and match' {
        # The policy allows only team "équipe"; the caller's tag is "èquipe". Decoded leniently, both become "\uFFFDquipe".
        $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"\u00e9quipe"}}}]}'
        $good = New-Case 'before' @{ expect = 'Allowed' } | ConvertTo-Json -Depth 32 -Compress
        $latin = (New-Case 'latin' @{ identityPolicies = @($policy) } | ConvertTo-Json -Depth 32 -Compress).Replace('\u00e9quipe', 'équipe').TrimEnd('}') + ',"context":{"aws:PrincipalTag/team":"èquipe"}}'
        $file = Join-Path $TestDrive 'latin1.jsonl'
        [IO.File]::WriteAllBytes($file, [Text.Encoding]::Latin1.GetBytes($good + "`n" + $latin + "`n" + $good.Replace('"before"', '"after"') + "`n"))
        $r = Test-IamPolicy -Path $file -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Where-Object Id -EQ 'latin' | Should -BeNullOrEmpty
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -Be "CaseFileEncoding,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $e[0].Exception.Message | Should -Match 'latin1\.jsonl.*UTF-8'
        { Test-IamPolicy -Path $file -ErrorAction Stop } | Should -Throw -ErrorId "CaseFileEncoding,$CommandClass"
    }

    It 'reports a folder given as a case file as CaseFileUnreadable, saying it is a folder' {
        $folder = Join-Path $TestDrive 'suites'
        $null = New-Item $folder -ItemType Directory -Force
        $r = Test-IamPolicy -Path $folder -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -Be "CaseFileUnreadable,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'ReadError'
        $e[0].Exception.Message | Should -Match 'is a folder'
    }

    It 'reports a missing file as ObjectNotFound' {
        $missing = Join-Path $TestDrive 'missing.jsonl'
        $r = Test-IamPolicy -Path $missing -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be "CaseFileNotFound,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Test-IamPolicy dates from ConvertFrom-Json' {
    BeforeAll {
        $script:savedTz = $env:TZ
        # Trust valid until 2025-12-31T23:00:00Z. ConvertFrom-Json turns both dates below into DateTime values.
        $script:expiring = [ordered]@{ Version = '2012-10-17'; Statement = @([ordered]@{ Effect = 'Allow'; Principal = @{ AWS = $Bob }; Action = 'sts:AssumeRole'
                    Condition = @{ DateLessThan = @{ 'aws:CurrentTime' = '2025-12-31T23:00:00Z' } } }) }
        function script:Test-At([string] $now) {
            (New-Case "at $now" @{ trustPolicy = $expiring; context = @{ 'aws:CurrentTime' = $now } }) |
                ConvertTo-Json -Depth 32 -Compress | ConvertFrom-Json | Test-IamPolicy
        }
    }
    AfterAll {
        $env:TZ = $savedTz
        [TimeZoneInfo]::ClearCachedData()
    }

    # The zone of the machine must not matter: ConvertFrom-Json gives Local DateTimes for "+02:00" text.
    It 'in zone <Zone>: <Now> is <Decision> against DateLessThan 2025-12-31T23:00:00Z' -ForEach @(
        foreach ($zone in 'UTC', 'Asia/Tokyo', 'America/New_York') {
            @{ Zone = $zone; Now = '2026-01-01T00:00:00+02:00'; Decision = 'Allowed' }            # 22:00Z
            @{ Zone = $zone; Now = '2026-01-01T01:30:00+02:00'; Decision = 'ImplicitlyDenied' }   # 23:30Z
            @{ Zone = $zone; Now = '2025-12-31T18:30:00-05:00'; Decision = 'ImplicitlyDenied' }   # 23:30Z
            @{ Zone = $zone; Now = '2025-12-31T22:59:59Z'; Decision = 'Allowed' }
        }
    ) {
        if (-not $IsWindows) { $env:TZ = $Zone; [TimeZoneInfo]::ClearCachedData() }
        $probe = ('{"t":"' + $Now + '"}' | ConvertFrom-Json).t
        $probe | Should -BeOfType ([datetime])   # the case really went through a DateTime
        (Test-At $Now).Decision | Should -Be $Decision
    }

    It 'reads a policy date that ConvertFrom-Json turned into a DateTime at its instant (DateGreaterThan)' {
        $env:TZ = 'Asia/Tokyo'; [TimeZoneInfo]::ClearCachedData()
        $notBefore = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00+02:00"}}}]}' | ConvertFrom-Json
        $notBefore.Statement[0].Condition.DateGreaterThan.'aws:CurrentTime' | Should -BeOfType ([datetime])
        (Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $notBefore -Context @{ 'aws:CurrentTime' = '2025-12-31T22:30:00Z' }).Decision | Should -Be 'Allowed'
        (Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $notBefore -Context @{ 'aws:CurrentTime' = '2025-12-31T21:30:00Z' }).Decision | Should -Be 'ImplicitlyDenied'
    }

    It 'gives the same answer through -Path, where no DateTime conversion happens' {
        $f = Write-Jsonl (Join-Path $TestDrive 'dates.jsonl') @(
            (New-Case 'before' @{ trustPolicy = $expiring; context = @{ 'aws:CurrentTime' = '2026-01-01T00:00:00+02:00' } })
            (New-Case 'after' @{ trustPolicy = $expiring; context = @{ 'aws:CurrentTime' = '2026-01-01T01:30:00+02:00' } })
        )
        (Test-IamPolicy -Path $f).Decision | Should -Be @('Allowed', 'ImplicitlyDenied')
    }

    It 'accepts [DateTimeOffset] and [DateTime] context values' {
        $at = [DateTimeOffset]::Parse('2026-01-01T00:00:00+02:00', [cultureinfo]::InvariantCulture)
        (Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $expiring -Context @{ 'aws:CurrentTime' = $at }).Decision | Should -Be 'Allowed'
        (Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $expiring -Context @{ 'aws:CurrentTime' = $at.AddMinutes(90).UtcDateTime }).Decision | Should -Be 'ImplicitlyDenied'
    }
}

Describe 'Test-IamPolicy error records' {
    It '<Name> gives <ErrorId> (<Category>)' -ForEach @(
        @{ Name = 'malformed policy JSON'; ErrorId = 'InvalidPolicyJson'; Category = 'InvalidData'; Pattern = 'not valid JSON'
            Splat = @{ IdentityPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]' } }
        @{ Name = 'an unknown condition operator'; ErrorId = 'UnknownConditionOperator'; Category = 'NotImplemented'; Pattern = "'StringEqualsFuzzy'"
            Splat = @{ ResourcePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEqualsFuzzy":{"sts:ExternalId":"x"}}}]}' } }
        @{ Name = 'an invalid principal ARN'; ErrorId = 'InvalidArn'; Category = 'InvalidArgument'; Pattern = 'arn:aws:iam::1111:user/Bob'
            Splat = @{ Principal = 'arn:aws:iam::1111:user/Bob' } }
        @{ Name = 'an invalid resource ARN'; ErrorId = 'InvalidArn'; Category = 'InvalidArgument'; Pattern = "'Alice'"
            Splat = @{ Resource = 'Alice' } }
        @{ Name = 'an empty Statement'; ErrorId = 'EmptyStatement'; Category = 'InvalidData'; Pattern = 'Statement'
            Splat = @{ IdentityPolicy = '{"Version":"2012-10-17","Statement":[]}' } }
        @{ Name = 'a huge document'; ErrorId = 'PolicyTooLarge'; Category = 'LimitsExceeded'; Pattern = '131072'
            Splat = @{ IdentityPolicy = '{"Version":"2012-10-17","Statement":[{"Sid":"' + ('A' * 140000) + '","Effect":"Allow","Action":"*","Resource":"*"}]}' } }
        @{ Name = 'a number as a policy'; ErrorId = 'InvalidPolicyJson'; Category = 'InvalidData'; Pattern = 'not number'
            Splat = @{ ResourcePolicy = 42 } }
        @{ Name = 'a string as context'; ErrorId = 'InvalidRequest'; Category = 'InvalidArgument'; Pattern = 'context'
            Splat = @{ Context = 'aws:MultiFactorAuthPresent=true' } }
        @{ Name = 'an object as a context value'; ErrorId = 'InvalidRequest'; Category = 'InvalidArgument'; Pattern = 'aws:PrincipalTag/team'
            Splat = @{ Context = @{ 'aws:PrincipalTag/team' = @{ name = 'platform' } } } }
        @{ Name = 'an action without a service prefix'; ErrorId = 'InvalidAction'; Category = 'InvalidArgument'; Pattern = 'AssumeRole'
            Splat = @{ Action = 'AssumeRole' } }
        @{ Name = 'an unknown expectation'; ErrorId = 'InvalidExpectation'; Category = 'InvalidArgument'; Pattern = "'Maybe'"
            Splat = @{ Expect = 'Maybe' } }
    ) {
        $p = @{ Principal = $Bob; Resource = $Alice; IdentityPolicy = $BobMayAssumeAlice; ResourcePolicy = $AliceTrustsBob }
        foreach ($k in $Splat.Keys) { $p[$k] = $Splat[$k] }
        $out = Test-IamPolicy @p -ErrorVariable e -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be $Category
        $msg = $e[0].Exception.Message
        $msg | Should -Match $Pattern
        $msg | Should -Not -Match '(?m)^\s+at \S+\(|Exception:|\.cs:line'   # never a stack trace
        $msg.Length | Should -BeLessThan 600                                 # a huge document is not echoed back
    }

    It 'throws with the same ErrorId under -ErrorAction Stop' {
        { Test-IamPolicy $Bob $Alice -IdentityPolicy '{"Version":"2012-10-17","Statement":[]}' -ErrorAction Stop } |
            Should -Throw -ErrorId "EmptyStatement,$CommandClass"
    }

    It 'rejects a missing -Principal at binding time, before evaluating anything' {
        { [pscustomobject]@{ resource = $Alice } | Test-IamPolicy -ErrorAction Stop } |
            Should -Throw -ErrorId "InputObjectMissingMandatory,$CommandClass"
    }
}

Describe 'Test-IamPolicy warnings' {
    BeforeAll {
        # Two Effect keys: AWS keeps the last one, so this statement is a Deny.
        $script:dupTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole","Effect":"Deny"}]}'
    }

    It 'warns about duplicate JSON keys and evaluates with the last one' {
        $r = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $dupTrust -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -HaveCount 1
        "$($w[0])" | Should -Match "Duplicate JSON key 'Effect'"
        "$($w[0])" | Should -Match '^ResourcePolicy'
        $r.Decision | Should -Be 'ExplicitlyDenied'
        $r.Warnings | Should -HaveCount 1
    }

    It 'warns once for the same document across a pipeline of cases' {
        $cases = 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; principal = $Bob; resource = $Alice; identityPolicies = $BobMayAssumeAlice; trustPolicy = $dupTrust } }
        $r = $cases | Test-IamPolicy -WarningVariable w -WarningAction SilentlyContinue
        $r | Should -HaveCount 3
        $w | Should -HaveCount 1
    }

    It 'does not warn about a clean document' {
        $null = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $AliceTrustsBob -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -HaveCount 0
    }

    It 'warns that IAM rejects Resource in a role trust policy, and still evaluates it as written' {
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"sts:AssumeRole","Resource":"*"}]}'
        $r = Test-IamPolicy $Bob $Alice -IdentityPolicy $BobMayAssumeAlice -ResourcePolicy $trust -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'statement 0 uses Resource, which IAM rejects in a role trust policy'
        $r.Decision | Should -Be 'Allowed'
    }
}
