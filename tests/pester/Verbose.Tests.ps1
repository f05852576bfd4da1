#Requires -Version 7.0
# -Verbose tells the story of an evaluation: which data was read, and for each check or case what decided it (layer,
# policy, statement index and Sid, effect, failed conditions). Run on examples/bob-alice against the staged module.
# That no secret reaches the verbose or debug stream in live mode is proven in Live.Tests.ps1.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'

    function script:Get-VerboseText([scriptblock] $Command) {
        (& $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
    }

    $script:MfaTrust = @{ Version = '2012-10-17'; Statement = @(@{ Sid = 'CarolWithMfa'; Effect = 'Allow'; Principal = @{ AWS = $Carol }; Action = 'sts:AssumeRole'
                Condition = @{ Bool = @{ 'aws:MultiFactorAuthPresent' = 'true' } } }) }
    $script:AssumeAny = [pscustomobject]@{ PolicyName = 'AssumeAnyRole'; PolicyDocument = '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoles","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}' }
}

Describe 'Test-IamPolicy -Verbose' {
    It 'names the decision, the deciding layer and the statement whose condition failed' {
        $text = Get-VerboseText { Test-IamPolicy $Carol $Alice -IdentityPolicy $AssumeAny -ResourcePolicy $MfaTrust -Id no-mfa -Verbose }
        $text | Should -Match "Case no-mfa: $([regex]::Escape($Carol)) sts:AssumeRole on $([regex]::Escape($Alice)): ImplicitlyDenied, decided by the ResourcePolicy layer"
        $text | Should -Match "ResourcePolicy: ImplicitlyDenied.*statement 0 \(Sid CarolWithMfa\), Allow would allow but its condition failed: Bool aws:MultiFactorAuthPresent \[true\] \(the request has no aws:MultiFactorAuthPresent\)"
        $text | Should -Match "IdentityPolicy: Allowed; allowed by 'AssumeAnyRole' statement 0 \(Sid AssumeRoles\), Allow"
    }

    It 'names the Deny statement that decided, with its SCP level' {
        $deny = '{"Version":"2012-10-17","Statement":[{"Sid":"NoAlice","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Alice"}]}'
        $full = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
        $text = Get-VerboseText { Test-IamPolicy $Carol $Alice -IdentityPolicy $AssumeAny -ResourcePolicy $MfaTrust -Context @{ 'aws:MultiFactorAuthPresent' = 'true' } `
                -ServiceControlPolicy @{ id = 'r-root'; policies = @($full) }, @{ id = 'ou-workloads'; policies = @($full, $deny) } -Verbose }
        $text | Should -Match 'ExplicitlyDenied, decided by the ServiceControlPolicy layer'
        $text | Should -Match 'ServiceControlPolicy: ExplicitlyDenied; denied by .*statement 0 \(Sid NoAlice\), Deny at ou-workloads'
    }

    It 'tells one story per case of a -Path file' {
        $file = Join-Path $TestDrive 'cases.jsonl'
        @(
            @{ id = 'first'; principal = $Carol; resource = $Alice; identityPolicies = @($AssumeAny.PolicyDocument); trustPolicy = $MfaTrust; context = @{ 'aws:MultiFactorAuthPresent' = 'true' } }
            @{ id = 'second'; principal = $Carol; resource = $Alice; identityPolicies = @($AssumeAny.PolicyDocument); trustPolicy = $MfaTrust }
        ) | ForEach-Object { $_ | ConvertTo-Json -Depth 10 -Compress } | Set-Content $file
        $text = Get-VerboseText { Test-IamPolicy -Path $file -Verbose }
        $text | Should -Match 'Case first: .*: Allowed\.'
        $text | Should -Match 'Case second: .*: ImplicitlyDenied'
    }

    It 'writes nothing to the verbose stream without -Verbose' {
        $text = Get-VerboseText { Test-IamPolicy $Carol $Alice -IdentityPolicy $AssumeAny -ResourcePolicy $MfaTrust }
        $text | Should -BeNullOrEmpty
    }
}

Describe 'Test-AssumeRolePath and Get-RoleTrustGap -Verbose' {
    It 'names the snapshot read, then every check with what decided it' {
        $text = Get-VerboseText { Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Example -Verbose }
        $text | Should -Match "Data: the snapshot $([regex]::Escape($Example)) \(2 account\(s\), organization o-exampleorgid\); no AWS call"
        $text | Should -Match 'IdentityPolicy: Fail\. No identity-based policy of user Bob allows sts:AssumeRole.*Evidence: .*DeveloperRead'
        $text | Should -Match 'TrustPolicy: Fail\.'
        $text | Should -Match 'ServiceControlPolicy: Pass\.'
    }

    It 'names the statements that decided each layer, from the evaluation itself' {
        # Carol -> Alice: her inline policy allows, Alice's trust names her but requires MFA she does not have.
        $text = Get-VerboseText { Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Example -Verbose }
        $text | Should -Match 'sts:AssumeRole: ImplicitlyDenied, decided by the ResourcePolicy layer'
        $text | Should -Match "IdentityPolicy: Allowed; allowed by '[^']+' statement \d"
        $text | Should -Match 'ResourcePolicy: ImplicitlyDenied.*would allow but its condition failed: .*aws:MultiFactorAuthPresent'

        $open = Get-VerboseText { Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Example -MfaPresent -Verbose }
        $open | Should -Match 'sts:AssumeRole: Allowed'
        $open | Should -Match "ResourcePolicy: Allowed; allowed by 'Alice trust policy' statement 0 \(Sid TrustCarolWithMfa\)"
    }

    It 'tells the same story for Get-RoleTrustGap, with -Verbose from $VerbosePreference' {
        $VerbosePreference = 'Continue'
        $text = Get-VerboseText { Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Example }
        $VerbosePreference = 'SilentlyContinue'
        $text | Should -Match 'Data: the snapshot'
        $text | Should -Match 'IdentityPolicy: Fail\.'
    }
}
