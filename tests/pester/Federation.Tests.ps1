#Requires -Version 7.0
# Pester 6 tests for web identity (AssumeRoleWithWebIdentity), SAML (AssumeRoleWithSAML) and console Switch Role requests
# through Test-AssumeRolePath and Get-RoleTrustGap, on tests/fixtures/federation (see its README) and live against the
# local fake AWS serving the same folder. Each rule has a positive and a negative case.

BeforeDiscovery {
    function ConvertTo-Base64Url([string] $Text) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    $header = ConvertTo-Base64Url '{"alg":"RS256"}'
    $script:MalformedTokens = @(
        @{ Name = 'not a JWT'; Token = 'not-a-token' }
        @{ Name = 'two parts'; Token = "$header.$(ConvertTo-Base64Url '{"iss":"x"}')" }
        @{ Name = 'an encrypted JWT (five parts)'; Token = 'a.b.c.d.e' }
        @{ Name = 'a payload that is not base64url'; Token = "$header.***.c2ln" }
        @{ Name = 'a payload that is not JSON'; Token = "$header.$(ConvertTo-Base64Url 'hello').c2ln" }
        @{ Name = 'no iss'; Token = "$header.$(ConvertTo-Base64Url '{"sub":"x","aud":"sts.amazonaws.com"}').c2ln" }
        @{ Name = 'aud a number'; Token = "$header.$(ConvertTo-Base64Url '{"iss":"https://token.actions.githubusercontent.com","aud":5}').c2ln" }
    )
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $null = (Get-Command Test-AssumeRolePath).Parameters['Credential'].ParameterType   # loads AWSSDK.Core
    $fakeDll = $env:ROLETRUST_FAKEAWS
    if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
    Add-Type -Path $fakeDll

    $script:Fixture = (Resolve-Path (Join-Path $PSScriptRoot '../fixtures/federation')).Path
    $script:Snapshot = Import-RoleTrustSnapshot $Fixture
    $script:CommandClass = 'RoleTrust.Cmdlets.TestAssumeRolePathCommand'
    $script:GapClass = 'RoleTrust.Cmdlets.GetRoleTrustGapCommand'
    $script:Prod = '222222222222'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Dana = 'arn:aws:iam::111111111111:user/Dana'
    $script:SsoSession = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice@example.com'
    $script:GitHub = 'token.actions.githubusercontent.com'
    $script:OidcProvider = "arn:aws:iam::${Prod}:oidc-provider/$GitHub"
    $script:Okta = "arn:aws:iam::${Prod}:saml-provider/Okta"
    function script:RoleArn([string] $Name) { "arn:aws:iam::${Prod}:role/$Name" }

    # Claims as a GitHub Actions job's token carries them.
    function script:New-Claims {
        param([string] $Sub = 'repo:Org/app:ref:refs/heads/main', [object] $Aud = 'sts.amazonaws.com', [string] $Azp, [string] $Iss = "https://$GitHub")
        $c = @{ iss = $Iss; sub = $Sub; aud = $Aud; repository = 'Org/app'; exp = [DateTimeOffset]::UtcNow.AddMinutes(10).ToUnixTimeSeconds() }
        if ($Azp) { $c.azp = $Azp }
        $c
    }
    function script:ConvertTo-Base64Url([string] $Text) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    # A signed-looking JWT: RoleTrust decodes it and never checks the signature. The signature is distinctive so the
    # tests can prove it never appears anywhere.
    $script:Signature = 'SIGNATUREmustNEVERbeWRITTENanywhereQ7x9'
    function script:New-Jwt([hashtable] $Claims, [string] $Header = '{"alg":"RS256","typ":"JWT","kid":"k1"}') {
        "$(ConvertTo-Base64Url $Header).$(ConvertTo-Base64Url ($Claims | ConvertTo-Json -Compress)).$Signature"
    }

    # A SAML response as an IdP posts it (base64), naming role/provider pairs.
    function script:New-SamlResponse {
        param([string[]] $Pairs = @("$(RoleArn Analyst),$Okta"), [string] $Recipient = 'https://signin.aws.amazon.com/saml', [string] $SessionName = 'alice')
        $attr = { param($name, $values) "<saml2:Attribute Name=`"$name`">" + (($values | ForEach-Object { "<saml2:AttributeValue>$_</saml2:AttributeValue>" }) -join '') + '</saml2:Attribute>' }
        $attributes = (& $attr 'https://aws.amazon.com/SAML/Attributes/Role' $Pairs) + (& $attr 'https://aws.amazon.com/SAML/Attributes/RoleSessionName' @($SessionName))
        $xml = '<?xml version="1.0" encoding="UTF-8"?><saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="' + $Recipient + '" ID="r1" Version="2.0">' +
            '<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="a1" Version="2.0"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer>' +
            '<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@example.com</saml2:NameID>' +
            '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="2099-01-01T00:00:00Z" Recipient="' + $Recipient + '"/></saml2:SubjectConfirmation></saml2:Subject>' +
            '<saml2:Conditions><saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>' +
            "<saml2:AttributeStatement>$attributes</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>"
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($xml))
    }
    function script:New-SamlAttributes([string] $Role = (RoleArn Analyst), [string] $Recipient = 'https://signin.aws.amazon.com/saml') {
        @{ Issuer = 'http://www.okta.com/exk1'; NameID = 'alice@example.com'; Recipient = $Recipient; Role = "$Role,$Okta"; RoleSessionName = 'alice' }
    }

    function script:Get-Check([object[]] $Checks, [string] $Name) { $Checks | Where-Object Check -EQ $Name }
    function script:Get-Status([object[]] $Checks) { foreach ($c in $Checks) { "$($c.Check)=$($c.Status)" } }
    function script:Get-StatusOf([object[]] $Checks, [string] $Name) { "$((Get-Check $Checks $Name).Status)" }
    function script:Test-Open([object[]] $Checks) { @($Checks | Where-Object { $_.Status -in 'Fail', 'Unknown' }).Count -eq 0 }

    # A copy of the fixture with every ARN in another partition (aws-us-gov, aws-cn): their consoles have their own sign-in hosts.
    function script:Copy-Fixture([string] $Name, [scriptblock] $Edit) {
        $dir = Join-Path $TestDrive $Name
        Copy-Item $Fixture $dir -Recurse
        if ($Edit) { & $Edit $dir }
        $dir
    }
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'The request kinds are parameter sets: PowerShell refuses what no call can carry' {
    It 'has one parameter set per kind of request, Principal by default' {
        foreach ($name in 'Test-AssumeRolePath', 'Get-RoleTrustGap') {
            $cmd = Get-Command $name
            $cmd.DefaultParameterSet | Should -Be 'Principal'
            @($cmd.ParameterSets.Name | Sort-Object) | Should -Be @('Console', 'Principal', 'SamlAssertion', 'SamlAttributes', 'SwitchRoleUrl', 'TokenClaims', 'WebIdentityToken')
            $cmd.Parameters['WebIdentityToken'].ParameterSets['WebIdentityToken'].IsMandatory | Should -BeTrue
            $cmd.Parameters['SwitchRoleUrl'].ParameterSets['SwitchRoleUrl'].IsMandatory | Should -BeTrue
            @($cmd.Parameters['PrincipalArn'].ParameterSets.Keys | Sort-Object) | Should -Be @('SamlAssertion', 'SamlAttributes')
            $cmd.Parameters['SourceArn'].Aliases | Should -Not -Contain 'PrincipalArn'
        }
    }

    It 'refuses <Name>' -ForEach @(
        @{ Name = 'a token and claims together'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/GitHubDeploy'; WebIdentityToken = 'a.b.c'; TokenClaims = @{ iss = 'https://x' } } }
        @{ Name = 'a token and a SAML assertion'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/GitHubDeploy'; WebIdentityToken = 'a.b.c'; SamlAssertion = 'PHg+' } }
        @{ Name = 'a SAML assertion and SAML attributes'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/Analyst'; SamlAssertion = 'PHg+'; SamlAttributes = @{ Issuer = 'x' } } }
        @{ Name = '-PrincipalArn without SAML'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/Analyst'; PrincipalArn = 'arn:aws:iam::222222222222:saml-provider/Okta' } }
        @{ Name = '-SwitchRoleUrl with -RoleArn'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/ops/Admin'; SwitchRoleUrl = 'https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=ops/Admin' } }
        @{ Name = '-Console with a token'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/GitHubDeploy'; Console = $true; TokenClaims = @{ iss = 'https://x' } } }
        @{ Name = '-Console with -ExternalId (the console cannot pass one)'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/Vendor'; Console = $true; ExternalId = 'Ext-1234' } }
        @{ Name = '-SwitchRoleUrl with -SourceIdentity'; P = @{ SwitchRoleUrl = 'https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=Audited'; SourceIdentity = 'a@example.com' } }
        @{ Name = '-ExternalId with a web identity token (AssumeRoleWithWebIdentity takes none)'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/GitHubDeploy'; TokenClaims = @{ iss = 'https://x' }; ExternalId = 'x' } }
        @{ Name = '-RoleSessionName with SAML (the assertion carries it)'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/Analyst'; SamlAttributes = @{ Issuer = 'x' }; RoleSessionName = 'x' } }
        @{ Name = '-SerialNumber with SAML'; P = @{ RoleArn = 'arn:aws:iam::222222222222:role/Analyst'; SamlAttributes = @{ Issuer = 'x' }; SerialNumber = 'arn:aws:iam::111111111111:mfa/x' } }
    ) {
        { Test-AssumeRolePath @P -Snapshot $Snapshot -ErrorAction Stop } | Should -Throw -ErrorId "AmbiguousParameterSet,$CommandClass"
    }

    It 'refuses -Probe with a web identity request (the token would be sent to AWS)' {
        { Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Probe -ErrorAction Stop } | Should -Throw -ErrorId "AmbiguousParameterSet,$CommandClass"
    }

    It 'refuses -SourceArn with a web identity or SAML request, as an error of that row with an Unknown gap, also from the pipeline' {
        $gap = Get-RoleTrustGap (RoleArn GitHubDeploy) $Bob -TokenClaims (New-Claims) -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "SourceArnWithFederatedRequest,$GapClass"
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $ev[0].Exception.Message | Should -Match 'caller of AssumeRoleWithWebIdentity is the identity provider''s user'
        $gap.Status | Should -Be 'Unknown'
        $gap.Check | Should -Be 'SourcePrincipal'
        # Rows of a file: the one without SourceArn is checked, the one with it is refused.
        $rows = @([pscustomobject]@{ RoleArn = (RoleArn Analyst); SourceArn = '' }, [pscustomobject]@{ RoleArn = (RoleArn Analyst); SourceArn = $Bob })
        $gaps = @($rows | Get-RoleTrustGap -SamlAttributes (New-SamlAttributes) -Snapshot $Snapshot -ErrorVariable ev2 -ErrorAction SilentlyContinue)
        $ev2 | Should -HaveCount 1
        $ev2[0].FullyQualifiedErrorId | Should -Be "SourceArnWithFederatedRequest,$GapClass"
        $ev2[0].Exception.Message | Should -Match 'AssumeRoleWithSAML'
        $gaps | Should -HaveCount 1
    }
}

Describe 'Web identity (GitHub Actions OIDC) on a snapshot' {
    It 'opens GitHubDeploy for a job on main; the caller''s side does not apply and the provider passes' {
        $checks = @(Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $Snapshot)
        $checks | Should -HaveCount 16
        Test-Open $checks | Should -BeTrue
        foreach ($c in 'CallerIdentity', 'SourcePrincipal', 'IdentityPolicy', 'PermissionsBoundary', 'SessionPolicy', 'ServiceControlPolicy') { Get-StatusOf $checks $c | Should -Be 'NotApplicable' -Because $c }
        Get-StatusOf $checks IdentityProvider | Should -Be 'Pass'
        Get-StatusOf $checks TrustConditions | Should -Be 'Pass'
        $checks[0].Source | Should -Be $OidcProvider
        Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $Snapshot -Quiet | Should -BeTrue
    }

    It 'opens the role made for each subject shape: <Shape>' -ForEach @(
        @{ Shape = 'environment'; Sub = 'repo:Org/app:environment:prod'; Role = 'GitHubProd' }
        @{ Shape = 'tag'; Sub = 'repo:Org/app:ref:refs/tags/v1.4.0'; Role = 'GitHubRelease' }
        @{ Shape = 'pull_request'; Sub = 'repo:Org/app:pull_request'; Role = 'GitHubPullRequest' }
        @{ Shape = 'branch'; Sub = 'repo:Org/app:ref:refs/heads/main'; Role = 'GitHubDeploy' }
    ) {
        Test-AssumeRolePath (RoleArn $Role) -TokenClaims (New-Claims -Sub $Sub) -Snapshot $Snapshot -Quiet | Should -BeTrue
    }

    It 'refuses a <Shape> job on GitHubDeploy (main only) and the Fix explains the sub shapes and names the claim the trust expected' -ForEach @(
        @{ Shape = 'environment'; Sub = 'repo:Org/app:environment:prod' }
        @{ Shape = 'tag'; Sub = 'repo:Org/app:ref:refs/tags/v1.4.0' }
        @{ Shape = 'pull_request'; Sub = 'repo:Org/app:pull_request' }
        @{ Shape = 'other branch'; Sub = 'repo:Org/app:ref:refs/heads/feature' }
    ) {
        $gaps = @(Get-RoleTrustGap (RoleArn GitHubDeploy) -TokenClaims (New-Claims -Sub $Sub) -Snapshot $Snapshot)
        $gaps.Check | Should -Be @('TrustConditions')
        $g = $gaps[0]
        $g.ErrorText | Should -Be 'Not authorized to perform sts:AssumeRoleWithWebIdentity'
        foreach ($shape in 'repo:ORG/REPO:ref:refs/heads/BRANCH', 'repo:ORG/REPO:ref:refs/tags/TAG', 'repo:ORG/REPO:environment:NAME', 'repo:ORG/REPO:pull_request') { $g.Fix | Should -Match ([regex]::Escape($shape)) }
        $g.Fix | Should -Match ([regex]::Escape($Sub))
        "$($g.Summary) $($g.Evidence)" | Should -Match ([regex]::Escape('repo:Org/app:ref:refs/heads/main'))
    }

    It 'matches the subject case-sensitively: org in lower case is refused' {
        (Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims -Sub 'repo:org/app:ref:refs/heads/main') -Snapshot $Snapshot) TrustConditions).Status | Should -Be 'Fail'
    }

    It 'reads a JWT the same way as its claims, and never writes the token to any stream' {
        $jwt = New-Jwt (New-Claims)
        $all = & { Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken $jwt -Snapshot $Snapshot -Verbose -Debug -InformationAction Continue 4>&1 5>&1 6>&1 3>&1 2>&1 } |
            ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 }
        ($all -join "`n") | Should -Not -Match $Signature
        ($all -join "`n") | Should -Not -Match ([regex]::Escape($jwt.Split('.')[1]))
        $fromToken = Get-Status (Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken $jwt -Snapshot $Snapshot)
        $fromClaims = Get-Status (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $Snapshot)
        $fromToken | Should -Be $fromClaims
        Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken "Bearer $jwt" -Snapshot $Snapshot -Quiet | Should -BeTrue
    }

    It 'takes aud as a list: the provider must accept one of them' {
        $claims = New-Claims -Aud @('https://github.com/Org', 'sts.amazonaws.com')
        (Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken (New-Jwt $claims) -Snapshot $Snapshot) IdentityProvider).Status | Should -Be 'Pass'
        $none = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken (New-Jwt (New-Claims -Aud @('https://github.com/Org', 'other'))) -Snapshot $Snapshot) IdentityProvider
        $none.Status | Should -Be 'Fail'
        $none.ErrorText | Should -Be 'InvalidIdentityToken: Incorrect token audience'
    }

    It 'takes azp as the audience when the token has one, whatever aud says' {
        $checks = Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken (New-Jwt (New-Claims -Aud @('https://github.com/Org', 'other') -Azp 'sts.amazonaws.com')) -Snapshot $Snapshot
        Test-Open $checks | Should -BeTrue
        $wrong = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken (New-Jwt (New-Claims -Aud 'sts.amazonaws.com' -Azp 'other')) -Snapshot $Snapshot) IdentityProvider
        $wrong.Status | Should -Be 'Fail'
        $wrong.Summary | Should -Match 'not the token''s other'
    }

    It 'fails the provider check for an issuer the account has no provider for, with STS''s message' {
        $c = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims -Iss 'https://gitlab.com') -Snapshot $Snapshot) IdentityProvider
        $c.Status | Should -Be 'Fail'
        $c.ErrorText | Should -Be 'InvalidIdentityToken: No OpenIDConnect provider found in your account for https://gitlab.com'
        $c.Fix | Should -Match 'New-IAMOpenIDConnectProvider -Url https://gitlab.com'
    }

    It 'writes InvalidWebIdentityToken for a malformed token (<Name>) as an error of its row with an Unknown IdentityProvider gap, and goes on with the next row' -ForEach $MalformedTokens {
        $Id = 'InvalidWebIdentityToken'
        $rows = @((RoleArn GitHubDeploy), (RoleArn GitHubDeploy))
        $gaps = @($rows[0] | Get-RoleTrustGap -WebIdentityToken $Token -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue)
        $ev | Should -HaveCount 1
        $ev[0].FullyQualifiedErrorId | Should -Be "$Id,$GapClass"
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $ev[0].Exception.Message | Should -Not -Match ([regex]::Escape($Token))
        $ev[0].TargetObject | Should -Be (RoleArn GitHubDeploy)
        $gaps.Check | Should -Be 'IdentityProvider'
        $gaps.Status | Should -Be 'Unknown'
        # The pipeline goes on: a second row with the same bad token is answered too.
        @($rows | Get-RoleTrustGap -WebIdentityToken $Token -Snapshot $Snapshot -ErrorAction SilentlyContinue) | Should -HaveCount 2
        Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken $Token -Snapshot $Snapshot -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'writes InvalidTokenClaims for claims without an issuer or with a claim of the wrong type' {
        foreach ($claims in @(@{ sub = 'x'; aud = 'sts.amazonaws.com' }, @{ iss = "https://$GitHub"; sub = 7 })) {
            $null = Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims $claims -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Be "InvalidTokenClaims,$CommandClass"
        }
    }

    Context 'the providers file' {
        It 'is Unknown, never Pass, without providers/222222222222.json, and says which file to add' {
            $dir = Copy-Fixture 'no-providers' { param($d) Remove-Item (Join-Path $d 'providers') -Recurse }
            $c = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $dir) IdentityProvider
            $c.Status | Should -Be 'Unknown'
            $c.Summary | Should -Match 'the snapshot has no providers/222222222222.json'
            $c.Fix | Should -Match 'Add providers/222222222222.json'
        }

        It 'is Unknown with a warning naming the file and the JSON path when a field is malformed' {
            $dir = Copy-Fixture 'bad-providers' {
                param($d)
                $file = Join-Path $d 'providers/222222222222.json'
                (Get-Content $file -Raw) -replace '"ClientIDList": \[\s*"sts.amazonaws.com"\s*\]', '"ClientIDList": "sts.amazonaws.com"' | Set-Content $file
            }
            $loaded = Import-RoleTrustSnapshot $dir -WarningVariable wv -WarningAction SilentlyContinue
            $wv.Message | Should -Contain 'providers/222222222222.json: OpenIDConnectProviders[0].ClientIDList: expected an array of strings, found a string'
            $loaded.Problems | Should -Contain 'providers/222222222222.json: OpenIDConnectProviders[0].ClientIDList: expected an array of strings, found a string'
            $c = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $loaded) IdentityProvider
            $c.Status | Should -Be 'Unknown'
            $c.Summary | Should -Match 'which audiences it accepts cannot be told'
        }

        It 'writes InvalidSnapshotFile for a providers file that is not JSON, and the provider check is Unknown' {
            $dir = Copy-Fixture 'unreadable-providers' { param($d) Set-Content (Join-Path $d 'providers/222222222222.json') 'not json' }
            $null = Import-RoleTrustSnapshot $dir -ErrorVariable ev -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Match '^InvalidSnapshotFile,'
            $ev[0].Exception.Message | Should -Match 'providers/222222222222.json'
            (Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $dir -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) IdentityProvider).Status | Should -Be 'Unknown'
        }
    }
}

Describe 'SAML on a snapshot' {
    It 'opens Analyst for an assertion naming the pair Analyst,Okta, with -PrincipalArn or from the pair' {
        Test-AssumeRolePath (RoleArn Analyst) -SamlAttributes (New-SamlAttributes) -PrincipalArn $Okta -Snapshot $Snapshot -Quiet | Should -BeTrue
        $checks = @(Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion (New-SamlResponse) -Snapshot $Snapshot)
        Test-Open $checks | Should -BeTrue
        $checks[0].Source | Should -Be $Okta
        (Get-Check $checks IdentityProvider).Summary | Should -Match 'SAML provider arn:aws:iam::222222222222:saml-provider/Okta exists'
    }

    It 'fails the provider check for an assertion that names another role' {
        $c = Get-Check (Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion (New-SamlResponse -Pairs "$(RoleArn Admin),$Okta") -Snapshot $Snapshot) IdentityProvider
        $c.Status | Should -Be 'Fail'
        $c.Summary | Should -Match ([regex]::Escape("does not list $(RoleArn Analyst),$Okta"))
        $c.ErrorText | Should -Be 'Not authorized to perform sts:AssumeRoleWithSAML'
    }

    It 'fails the provider check for a provider the account does not have' {
        $other = "arn:aws:iam::${Prod}:saml-provider/Other"
        $c = Get-Check (Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion (New-SamlResponse -Pairs "$(RoleArn Analyst),$other") -PrincipalArn $other -Snapshot $Snapshot) IdentityProvider
        $c.Status | Should -Be 'Fail'
        $c.Summary | Should -Match "Account $Prod has no SAML provider $other"
    }

    It 'fails TrustConditions when the IdP posts to a regional sign-in endpoint (SAML:aud is the Recipient)' {
        $gaps = @(Get-RoleTrustGap (RoleArn Analyst) -SamlAttributes (New-SamlAttributes -Recipient 'https://eu-west-1.signin.aws.amazon.com/saml') -Snapshot $Snapshot)
        $gaps.Check | Should -Be @('TrustConditions')
    }

    It 'writes InvalidSamlAssertion for an assertion that cannot be read, and InvalidSamlAttributes for an unknown field' {
        $null = Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion 'this is not base64!' -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "InvalidSamlAssertion,$CommandClass"
        $gap = Get-RoleTrustGap (RoleArn Analyst) -SamlAttributes @{ Isuer = 'typo' } -Snapshot $Snapshot -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].FullyQualifiedErrorId | Should -Be "InvalidSamlAttributes,$GapClass"
        $gap.Check | Should -Be 'IdentityProvider'
        $gap.Status | Should -Be 'Unknown'
    }

    It 'writes InvalidArn for SAML without a provider: neither -PrincipalArn nor a pair for the role' {
        $null = Test-AssumeRolePath (RoleArn Analyst) -SamlAttributes @{ Issuer = 'x'; NameID = 'a'; Recipient = 'https://signin.aws.amazon.com/saml'; RoleSessionName = 'a' } -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "InvalidArn,$CommandClass"
        $ev[0].Exception.Message | Should -Match 'SAML provider''s ARN'
    }
}

Describe 'Console Switch Role on a snapshot' {
    It 'opens ops/Admin for Bob with -Console, naming the role with its path and the link' {
        $c = Get-Check (Test-AssumeRolePath (RoleArn 'ops/Admin') $Bob -Console -Snapshot $Snapshot) ConsoleSwitchRole
        $c.Status | Should -Be 'Pass'
        $c.Summary | Should -Match "Enter account $Prod and role 'ops/Admin'"
        $c.Summary | Should -Match ([regex]::Escape("https://signin.aws.amazon.com/switchrole?account=$Prod&roleName=ops/Admin"))
    }

    It 'takes the role from a Switch Role link: account <Name>' -ForEach @(
        @{ Name = 'id'; Account = '222222222222' }
        @{ Name = 'alias'; Account = 'example-prod' }
    ) {
        $checks = @(Test-AssumeRolePath -SwitchRoleUrl "https://signin.aws.amazon.com/switchrole?account=$Account&roleName=ops/Admin&displayName=Prod%20admin" -SourceArn $Bob -Snapshot $Snapshot)
        Test-Open $checks | Should -BeTrue
        $checks[0].Role | Should -Be (RoleArn 'ops/Admin')
        (Get-Check $checks ConsoleSwitchRole).Status | Should -Be 'Pass'
    }

    It 'fails a link without the role''s path: the role name needs its path' {
        $checks = @(Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=Admin' -SourceArn $Bob -Snapshot $Snapshot)
        (Get-Check $checks TargetRole).Status | Should -Be 'Fail'
        $c = Get-Check $checks ConsoleSwitchRole
        $c.Status | Should -Be 'Fail'
        $c.Summary | Should -Match "the role name needs its path: the console needs 'ops/Admin', not 'Admin'"
        $c.ErrorText | Should -Be 'Invalid information in one or more fields. Check your information or contact your administrator.'
    }

    It 'fails a role whose path plus name is over 64 characters (65), which the CLI can still assume' {
        $long = RoleArn 'platform/engineering/continuous-delivery/pipelines/ReleaseManager'
        $c = Get-Check (Test-AssumeRolePath $long $Bob -Console -Snapshot $Snapshot) ConsoleSwitchRole
        $c.Status | Should -Be 'Fail'
        $c.Summary | Should -Match 'path plus role name is 65 characters; the console accepts at most 64'
        Test-AssumeRolePath $long $Bob -Snapshot $Snapshot -Quiet | Should -BeTrue
    }

    It 'fails <Role>, which requires <What> the console cannot pass, while the CLI with it opens' -ForEach @(
        @{ Role = 'Vendor'; What = 'an ExternalId'; Cli = @{ ExternalId = 'Ext-1234' } }
        @{ Role = 'Audited'; What = 'a source identity'; Cli = @{ SourceIdentity = 'alice@example.com' } }
    ) {
        $c = Get-Check (Test-AssumeRolePath -SwitchRoleUrl "https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=$Role" -SourceArn $Bob -Snapshot $Snapshot) ConsoleSwitchRole
        $c.Status | Should -Be 'Fail'
        $c.Summary | Should -Match "the role requires $What"
        Test-AssumeRolePath (RoleArn $Role) $Bob -Snapshot $Snapshot -Quiet @Cli | Should -BeTrue
    }

    It 'fails for the root user, who cannot switch roles' {
        (Get-Check (Test-AssumeRolePath (RoleArn 'ops/Admin') 'arn:aws:iam::111111111111:root' -Console -Snapshot $Snapshot) ConsoleSwitchRole).Status | Should -Be 'Fail'
    }

    It 'evaluates the identity signed in: Dana has no permission, so the console fails whatever role she switched into' {
        $checks = @(Test-AssumeRolePath (RoleArn 'ops/Admin') $Dana -Console -Snapshot $Snapshot)
        (Get-Check $checks IdentityPolicy).Status | Should -Be 'Fail'
        (Get-Check $checks ConsoleSwitchRole).Summary | Should -Match 'Invalid information in one or more fields'
    }

    It 'evaluates an IAM Identity Center session as the identity signed in, with role chaining''s limits, and says how to give another' {
        $checks = @(Test-AssumeRolePath (RoleArn 'ops/Admin') $SsoSession -Console -Snapshot $Snapshot)
        Test-Open $checks | Should -BeTrue
        (Get-Check $checks RoleChaining).Status | Should -Be 'Pass'
        (Get-Check $checks ConsoleSwitchRole).Summary | Should -Match 'is evaluated as the identity signed in to the console'
    }

    It 'writes UnknownAccountAlias with an Unknown gap for an alias no account has, naming the accounts searched' {
        $gap = Get-RoleTrustGap -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-test&roleName=ops/Admin' -SourceArn $Bob -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "UnknownAccountAlias,$GapClass"
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].Exception.Message | Should -Match "alias 'example-test'"
        $ev[0].Exception.Message | Should -Match 'no account of the snapshot has the alias'
        $gap.Status | Should -Be 'Unknown'
        $gap.Check | Should -Be 'TargetRole'
        $gap.Role | Should -Match 'account=example-test'
    }

    It 'writes UnknownAccountAlias saying which files lack AccountAliases when the snapshot does not hold them' {
        $dir = Copy-Fixture 'no-aliases' {
            param($d)
            $file = Join-Path $d 'accounts/222222222222.json'
            $j = Get-Content $file -Raw | ConvertFrom-Json -AsHashtable
            $j.Remove('AccountAliases')
            $j | ConvertTo-Json -Depth 20 | Set-Content $file
        }
        $null = Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=ops/Admin' -SourceArn $Bob -Snapshot $dir -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "UnknownAccountAlias,$CommandClass"
        $ev[0].Exception.Message | Should -Match 'accounts/222222222222.json carries no AccountAliases'
        $ev[0].Exception.Message | Should -Match 'Add AccountAliases'
    }

    It 'writes InvalidSwitchRoleUrl for <Name>' -ForEach @(
        @{ Name = 'another host'; Url = 'https://example.com/switchrole?account=222222222222&roleName=Admin' }
        @{ Name = 'no role name'; Url = 'https://signin.aws.amazon.com/switchrole?account=222222222222' }
        @{ Name = 'an account that is neither id nor alias'; Url = 'https://signin.aws.amazon.com/switchrole?account=Prod_Account&roleName=Admin' }
        @{ Name = 'http'; Url = 'http://signin.aws.amazon.com/switchrole?account=222222222222&roleName=Admin' }
    ) {
        $gap = Get-RoleTrustGap -SwitchRoleUrl $Url -SourceArn $Bob -Snapshot $Snapshot -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "InvalidSwitchRoleUrl,$GapClass"
        $gap.Status | Should -Be 'Unknown'
    }

    It 'in <Partition>, reads a link of its own sign-in host and gives that host''s link back' -ForEach @(
        @{ Partition = 'aws-us-gov'; SignIn = 'signin.amazonaws-us-gov.com' }
        @{ Partition = 'aws-cn'; SignIn = 'signin.amazonaws.cn' }
    ) {
        $dir = Copy-Fixture $Partition {
            param($d)
            foreach ($f in Get-ChildItem $d -Recurse -Filter *.json) { (Get-Content $f.FullName -Raw) -replace 'arn:aws:', "arn:${Partition}:" | Set-Content $f.FullName }
        }
        $source = "arn:${Partition}:iam::111111111111:user/Bob"
        $checks = @(Test-AssumeRolePath -SwitchRoleUrl "https://$SignIn/switchrole?account=example-prod&roleName=ops/Admin" -SourceArn $source -Snapshot $dir)
        $checks[0].Role | Should -Be "arn:${Partition}:iam::222222222222:role/ops/Admin"
        Test-Open $checks | Should -BeTrue
        (Get-Check $checks ConsoleSwitchRole).Summary | Should -Match ([regex]::Escape("https://$SignIn/switchrole?account=222222222222&roleName=ops/Admin"))
        # The aws partition's link names another partition's role than this data holds.
        $other = @(Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=ops/Admin' -SourceArn $source -Snapshot $dir)
        Test-Open $other | Should -BeFalse
    }
}

Describe 'Live against the fake AWS serving the federation fixture' {
    BeforeAll {
        $script:Fake = [RoleTrust.Testing.FakeAws]::new($Fixture)
        $script:Keys = @{
            Bob    = @{ AccessKey = 'AKIAFAKEFEDBOB000001'; SecretKey = 'fedBobSECRET/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0001'; Arn = $Bob }
            Target = @{ AccessKey = 'AKIAFAKEFEDPROD00001'; SecretKey = 'fedProdSECRET/gH6jK8mN0pQ2sT4vX6zB8cD0004'; Arn = 'arn:aws:iam::222222222222:user/RoleTrustReader' }
            Org    = @{ AccessKey = 'AKIAFAKEFEDORG000001'; SecretKey = 'fedOrgSECRET/jK7mN9pQ1sT3vX5zB7cD9eF1gH0005'; Arn = 'arn:aws:iam::999999999999:user/OrgReader' }
        }
        foreach ($k in $Keys.Values) { $Fake.AddKey($k.AccessKey, $k.SecretKey, [NullString]::Value, $k.Arn) }
        $script:Live = @{
            AccessKey = $Keys.Bob.AccessKey; SecretKey = $Keys.Bob.SecretKey; Region = 'us-east-1'; EndpointUrl = $Fake.Url
            TargetCredential = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Target.AccessKey, $Keys.Target.SecretKey)
            OrganizationCredential = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Org.AccessKey, $Keys.Org.SecretKey)
        }
        function script:Compare-WithSnapshot([object[]] $LiveChecks, [object[]] $SnapshotChecks) {
            $LiveChecks | Should -HaveCount 16
            foreach ($i in 0..15) {
                if ($LiveChecks[$i].Check -in 'CallerIdentity', 'StsEndpoint') { continue }
                "$($LiveChecks[$i].Status)" | Should -Be "$($SnapshotChecks[$i].Status)" -Because "$($LiveChecks[$i].Check): $($LiveChecks[$i].Summary)"
            }
        }
    }
    AfterAll { if ($script:Fake) { $script:Fake.Dispose() } }

    It 'gives the snapshot''s answer for web identity: <Name>' -ForEach @(
        @{ Name = 'main -> GitHubDeploy'; Role = 'GitHubDeploy'; Sub = 'repo:Org/app:ref:refs/heads/main' }
        @{ Name = 'environment -> GitHubDeploy'; Role = 'GitHubDeploy'; Sub = 'repo:Org/app:environment:prod' }
        @{ Name = 'environment -> GitHubProd'; Role = 'GitHubProd'; Sub = 'repo:Org/app:environment:prod' }
        @{ Name = 'pull_request -> GitHubPullRequest'; Role = 'GitHubPullRequest'; Sub = 'repo:Org/app:pull_request' }
    ) {
        $claims = New-Claims -Sub $Sub
        Compare-WithSnapshot @(Test-AssumeRolePath (RoleArn $Role) -TokenClaims $claims @Live) @(Test-AssumeRolePath (RoleArn $Role) -TokenClaims $claims -Snapshot $Snapshot)
        (Get-Check (Test-AssumeRolePath (RoleArn $Role) -WebIdentityToken (New-Jwt $claims) @Live) CallerIdentity).Status | Should -Be 'NotApplicable'
    }

    It 'reads the identity providers with the credentials of the role''s account, once for a pipeline' {
        $Fake.ClearLog()
        $rows = 'GitHubDeploy', 'GitHubProd', 'GitHubRelease' | ForEach-Object { [pscustomobject]@{ RoleArn = (RoleArn $_) } }
        $null = $rows | Get-RoleTrustGap -TokenClaims (New-Claims) @Live
        $reads = @($Fake.Requests | Where-Object Operation -In 'ListOpenIDConnectProviders', 'GetOpenIDConnectProvider', 'ListSAMLProviders')
        $reads | Should -HaveCount 3
        foreach ($r in $reads) { $r.Headers['Authorization'] | Should -Match "Credential=$($Keys.Target.AccessKey)/" }
    }

    It 'makes the provider check Unknown without credentials for the role''s account, naming the parameters that would read it' {
        $p = $Live.Clone(); $p.Remove('TargetCredential')
        $c = Get-Check (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) @p) IdentityProvider
        $c.Status | Should -Be 'Unknown'
        $c.Summary | Should -Match 'no credentials given can read account 222222222222'
        $c.Fix | Should -Match '-TargetProfileName'
    }

    It 'makes the provider check Unknown naming the permission when ListOpenIDConnectProviders is denied' {
        $Fake.InjectAccessDenied('ListOpenIDConnectProviders')
        try {
            $c = Get-Check (Test-AssumeRolePath (RoleArn GitHubProd) -TokenClaims (New-Claims -Sub 'repo:Org/app:environment:prod') @Live) IdentityProvider
            $c.Status | Should -Be 'Unknown'
            $c.Fix | Should -Match 'Grant iam:ListOpenIDConnectProviders'
        } finally { $Fake.ClearFaults() }
    }

    It 'gives the snapshot''s answer for SAML' {
        Compare-WithSnapshot @(Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion (New-SamlResponse) @Live) @(Test-AssumeRolePath (RoleArn Analyst) -SamlAssertion (New-SamlResponse) -Snapshot $Snapshot)
    }

    It 'resolves an alias with ListAccountAliases in the accounts the credentials read, and gives the snapshot''s answer for <Role>' -ForEach @(
        @{ Role = 'ops/Admin' }, @{ Role = 'Admin' }, @{ Role = 'Vendor' }, @{ Role = 'platform/engineering/continuous-delivery/pipelines/ReleaseManager' }
    ) {
        $url = "https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=$Role"
        $live = @(Test-AssumeRolePath -SwitchRoleUrl $url @Live)
        $live[0].Source | Should -Be $Bob   # the caller, as the identity signed in
        $live[0].Role | Should -Be (RoleArn $Role)
        Compare-WithSnapshot $live @(Test-AssumeRolePath -SwitchRoleUrl $url -SourceArn $Bob -Snapshot $Snapshot)
    }

    It 'writes UnknownAccountAlias live, naming the accounts whose aliases it listed' {
        $null = Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-test&roleName=ops/Admin' @Live -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be "UnknownAccountAlias,$CommandClass"
        $ev[0].Exception.Message | Should -Match '111111111111 \(the caller''s credentials\)'
        $ev[0].Exception.Message | Should -Match '222222222222 \(-TargetCredential\)'
        # The organization reader's account (no IAM data in the fake) could not be listed: the alias may be its.
        $ev[0].Exception.Message | Should -Match 'iam:ListAccountAliases on example-test was denied \(AccessDenied\) for -OrganizationCredential'
        $p = $Live.Clone(); $p.Remove('OrganizationCredential')
        $null = Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-test&roleName=ops/Admin' @p -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].Exception.Message | Should -Match 'none of the accounts the credentials given belong to has the alias ''example-test'''
    }

    It 'saves providers/<id>.json and AccountAliases with Save-RoleTrustSnapshot, and the saved snapshot answers as the fixture' {
        $dir = Join-Path $TestDrive 'saved-federation'
        $p = $Live.Clone(); $p.Remove('TargetCredential'); $p.Remove('OrganizationCredential')
        $Fake.RolesInEveryAccount.Add('RoleTrustReader')
        $result = Save-RoleTrustSnapshot $dir -AccountId 111111111111, 222222222222 -IncludeOrganization -OrganizationCredential $Live.OrganizationCredential `
            -AuditRoleName RoleTrustReader @p -ErrorVariable ev -ErrorAction SilentlyContinue
        # 222222222222 is read through the audit role, which the fake lets anyone assume in every account.
        $ev | Should -HaveCount 0
        $result.Complete | Should -BeTrue
        Test-Path (Join-Path $dir 'providers/222222222222.json') | Should -BeTrue
        (Get-Content (Join-Path $dir 'accounts/222222222222.json') -Raw | ConvertFrom-Json).AccountAliases | Should -Be @('example-prod')
        $saved = Import-RoleTrustSnapshot $dir
        @($saved.Problems) | Should -HaveCount 0
        Get-Status (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $saved) | Should -Be (Get-Status (Test-AssumeRolePath (RoleArn GitHubDeploy) -TokenClaims (New-Claims) -Snapshot $Snapshot))
        Get-Status (Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=ops/Admin' -SourceArn $Bob -Snapshot $saved) |
            Should -Be (Get-Status (Test-AssumeRolePath -SwitchRoleUrl 'https://signin.aws.amazon.com/switchrole?account=example-prod&roleName=ops/Admin' -SourceArn $Bob -Snapshot $Snapshot))
    }

    It 'made only read calls, each signed and verified, all listed by Get-RoleTrustRequiredPermission' {
        $requests = @($Fake.Requests)
        $requests | Should -Not -HaveCount 0
        @($requests | Where-Object { -not $_.SignatureValid }) | Should -HaveCount 0
        @($requests | Where-Object { $_.Operation -notmatch '^(Get|List|Describe)' -and $_.Operation -ne 'AssumeRole' }) | Should -HaveCount 0
        $allowed = @(Get-RoleTrustRequiredPermission -Scope All -AuditRoleName RoleTrustReader | ForEach-Object { ($_.PolicyDocument | ConvertFrom-Json).Statement.Action })
        foreach ($op in 'ListOpenIDConnectProviders', 'GetOpenIDConnectProvider', 'ListSAMLProviders', 'ListAccountAliases') {
            @($requests | Where-Object Operation -EQ $op) | Should -Not -HaveCount 0 -Because "the live tests read $op"
            $allowed | Should -Contain "iam:$op"
        }
        @($requests | Where-Object Operation -EQ 'AssumeRole') | Should -Not -HaveCount 0
        $allowed | Should -Contain 'sts:AssumeRole'
    }

    It 'never writes the token or the secret keys to any stream' {
        $jwt = New-Jwt (New-Claims)
        $out = & { Test-AssumeRolePath (RoleArn GitHubDeploy) -WebIdentityToken $jwt @Live -Verbose -Debug 4>&1 5>&1 3>&1 2>&1 } | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 }
        $text = $out -join "`n"
        $text | Should -Not -Match $Signature
        foreach ($k in $Keys.Values) { $text | Should -Not -Match ([regex]::Escape($k.SecretKey)) }
    }
}

Describe 'Get-RoleTrustRequiredPermission -AuditRoleName' {
    It 'adds the caller''s sts:AssumeRole on the audit role, in any account' {
        $p = Get-RoleTrustRequiredPermission -AuditRoleName audit/RoleTrustReader | Where-Object Scope -EQ 'AuditRole'
        $p | Should -HaveCount 1
        $doc = $p.PolicyDocument | ConvertFrom-Json
        $doc.Statement.Action | Should -Be 'sts:AssumeRole'
        $doc.Statement.Resource | Should -Be 'arn:*:iam::*:role/audit/RoleTrustReader'
        @(Get-RoleTrustRequiredPermission | Where-Object Scope -EQ 'AuditRole') | Should -HaveCount 0
        { Get-RoleTrustRequiredPermission -AuditRoleName 'bad"name' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RoleTrust.Cmdlets.GetRoleTrustRequiredPermissionCommand'
    }

    It 'lists the identity provider and alias reads for the role''s account' {
        $actions = (Get-RoleTrustRequiredPermission | Where-Object Scope -EQ 'TargetAccount').PolicyDocument | ConvertFrom-Json
        foreach ($a in 'iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider', 'iam:ListSAMLProviders', 'iam:ListAccountAliases') { $actions.Statement.Action | Should -Contain $a }
    }
}
