#Requires -Version 7.0
# Pester 6 tests for Resolve-AssumeRoleError against the staged module (build.ps1 sets ROLETRUST_MODULE).
# The error texts are the engine's corpus (tests/RoleTrust.Engine.Tests/ErrorCorpus): every client format, read here
# as strings, as ErrorRecords and as exceptions shaped like the ones AWS.Tools throws.

BeforeDiscovery {
    $corpus = Join-Path $PSScriptRoot '../RoleTrust.Engine.Tests/ErrorCorpus'
    $all = Get-Content (Join-Path $corpus 'expected.json') -Raw | ConvertFrom-Json
    $script:Readable = @($all | Where-Object { -not $_.PSObject.Properties['notAssumeRole'] } | ForEach-Object { @{ Case = $_; File = $_.file } })
    $script:Unreadable = @($all | Where-Object { $_.PSObject.Properties['notAssumeRole'] } | ForEach-Object { @{ Case = $_; File = $_.file } })
}

BeforeDiscovery {
    # What the checks must find for each corpus text on tests/fixtures/error-corpus (its README gives the reasons).
    $script:Compared = @(
        @{ File = 'aws-cli-identity-implicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'boto3-traceback-scp-explicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'lambda-json-log-boto3.txt'; Agrees = $true; Others = @() }
        @{ File = 'pulumi-terraform-provider-identity-explicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'go-v1-boundary-implicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'java-v1-cross-account-short.txt'; Agrees = $true; Others = @('TrustPolicy') }
        @{ File = 'java-v2-boundary-explicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'dotnet-sdk-session-policy.txt'; Agrees = $null; Others = @() }
        @{ File = 'js-v3-sessions-policy.txt'; Agrees = $null; Others = @() }
        @{ File = 'awstools-windows-powershell-trust-explicit.txt'; Agrees = $true; Others = @('IdentityPolicy') }
        @{ File = 'awstools-conciseview-rcp.txt'; Agrees = $true; Others = @() }
        @{ File = 'awstools-conciseview-script-scp.txt'; Agrees = $true; Others = @() }
        @{ File = 'ruby-resource-based-implicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'php-guzzle-cross-account.txt'; Agrees = $false; Others = @() }
        @{ File = 'sts-xml-body-vpce-through-scp.txt'; Agrees = $true; Others = @() }
        @{ File = 'cloudtrail-assume-role-identity-implicit.txt'; Agrees = $true; Others = @() }
        @{ File = 'cli-vpc-endpoint-implicit.txt'; Agrees = $null; Others = @() }
    )
    $script:WebIdentity = @(
        @{ File = 'gha-configure-aws-credentials-no-provider.txt'; Others = @(); Claims = @{ iss = 'https://token.actions.githubusercontent.com/octo-enterprise'; sub = 'repo:octo-org/octo-repo:ref:refs/tags/v1.0.0'; aud = 'sts.amazonaws.com' } }
        @{ File = 'cloudtrail-web-identity-denied.txt'; Others = @('TrustConditions'); Claims = @{ iss = 'https://token.actions.githubusercontent.com'; sub = 'repo:octo-org/octo-repo:environment:production'; aud = 'sts.amazonaws.com' } }
        @{ File = 'dotnet-web-identity-wrapper.txt'; Others = @('TrustConditions'); Claims = @{ iss = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'; sub = 'system:serviceaccount:orders:default'; aud = 'sts.amazonaws.com' } }
    )
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:ModuleDir = (Get-Module RoleTrust).ModuleBase
    # The real STS exception type, as AWS.Tools' Use-STSRole wraps it (the module ships the SDK it shares with AWS.Tools 5).
    Add-Type -Path (Join-Path $ModuleDir 'AWSSDK.SecurityToken.dll')

    $script:Corpus = Join-Path $PSScriptRoot '../RoleTrust.Engine.Tests/ErrorCorpus'
    $script:Example = Join-Path $PSScriptRoot '../../examples/bob-alice'
    $script:CommandClass = 'RoleTrust.Cmdlets.ResolveAssumeRoleErrorCommand'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:BobDenied = "User: $Bob is not authorized to perform: sts:AssumeRole on resource: $Alice because no identity-based policy allows the sts:AssumeRole action"

    function script:Get-Check([object[]] $Checks, [string] $Name) { $Checks | Where-Object Check -EQ $Name }

    function script:Assert-Reading {
        param($Actual, $Expected)
        $Actual | Should -BeOfType ([RoleTrust.AssumeRoleError])
        foreach ($field in 'ErrorCode', 'Caller', 'Action', 'Resource', 'Layer', 'DenyKind', 'PolicyArn') {
            $Actual.$field | Should -BeExactly $Expected.$field -Because "$field of $($Expected.file)"
        }
        @($Actual.Missing) | Should -Be @($Expected.Missing)
    }

    # What AWS.Tools' Use-STSRole hands PowerShell: an InvalidOperationException around the SDK's service exception,
    # whose ErrorCode property carries the wire code, with the exception type in the FullyQualifiedErrorId.
    function script:New-AwsToolsErrorRecord {
        param([string] $Message, [string] $ErrorCode, [string] $Outer = $Message)
        $sts = [Amazon.SecurityToken.AmazonSecurityTokenServiceException]::new($Message, $null, [Amazon.Runtime.ErrorType]::Sender, $ErrorCode, 'req-1', [System.Net.HttpStatusCode]::Forbidden)
        [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Outer, $sts),
            'Amazon.SecurityToken.AmazonSecurityTokenServiceException,Amazon.PowerShell.Cmdlets.STS.UseSTSRoleCmdlet', 'InvalidOperation', $null)
    }

    # An exception shaped like the SDK's (an ErrorCode property), without the SDK.
    class FakeServiceException : System.Exception {
        [string] $ErrorCode
        FakeServiceException([string] $message, [string] $code) : base($message) { $this.ErrorCode = $code }
    }
}

Describe 'Resolve-AssumeRoleError' {
    Context 'the command' {
        It 'takes -Message by position and strings from the pipeline, ErrorRecords and exceptions as -InputObject' {
            $cmd = Get-Command Resolve-AssumeRoleError
            $cmd | Should -HaveParameter Message -Type string -Mandatory
            $cmd.Parameters['Message'].ParameterSets['Message'].Position | Should -Be 0
            $cmd.Parameters['Message'].ParameterSets['Message'].ValueFromPipeline | Should -BeTrue
            $cmd.Parameters['InputObject'].ParameterSets['InputObject'].ValueFromPipeline | Should -BeTrue
            $cmd.DefaultParameterSet | Should -Be 'Message'
            $cmd.OutputType.Name | Should -Contain 'RoleTrust.AssumeRoleError'
        }

        It 'shows errors as a table of code, layer, deny kind, caller and role' {
            $text = Resolve-AssumeRoleError $BobDenied -ParseOnly | Format-Table | Out-String
            $text | Should -Match 'ErrorCode\s+Layer\s+DenyKind\s+Caller\s+Resource'
            $text | Should -Match 'AccessDenied\s+IdentityPolicy\s+Implicit'
        }

        It 'writes list properties Export-Csv can read' {
            $csv = Resolve-AssumeRoleError 'Not authorized to perform sts:AssumeRoleWithWebIdentity' -ParseOnly | ConvertTo-Csv | ConvertFrom-Csv
            $csv.Missing | Should -Be 'Caller; Resource'
        }
    }

    Context 'every client format, as a string: <File>' -ForEach $Readable {
        It 'reads as documented' {
            $r = Get-Content (Join-Path $Corpus $File) -Raw | Resolve-AssumeRoleError -ParseOnly -ErrorAction Stop
            Assert-Reading $r $Case
            @($r.Checks).Count | Should -Be 0
        }

        It 'reads the same from the ErrorRecord of throwing it' {
            $record = try { throw (Get-Content (Join-Path $Corpus $File) -Raw) } catch { $_ }
            $r = $record | Resolve-AssumeRoleError -ParseOnly -ErrorAction Stop
            Assert-Reading $r $Case
        }
    }

    Context 'texts that are no AssumeRole error: <File>' -ForEach $Unreadable {
        It 'writes a non-terminating UnreadableAssumeRoleError saying why' {
            $out = Get-Content (Join-Path $Corpus $File) -Raw | Resolve-AssumeRoleError -ParseOnly -ErrorVariable ev -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $ev.Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -Be "UnreadableAssumeRoleError,$CommandClass"
            $ev[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $ev[0].Exception.Message | Should -Match ([regex]::Escape($Case.reasonContains))
        }
    }

    Context 'a pipeline of several errors' {
        It 'goes on past a text it cannot read' {
            $out = 'An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied', $BobDenied, 'Roles may not be assumed by root accounts.' |
                Resolve-AssumeRoleError -ParseOnly -ErrorVariable ev -ErrorAction SilentlyContinue
            @($out).Count | Should -Be 2
            $out[0].Layer | Should -Be 'IdentityPolicy'
            $out[1].Layer | Should -Be 'SourcePrincipal'
            $ev.Count | Should -Be 1
        }
    }

    Context 'ErrorRecords and exceptions' {
        It 'reads an AWS.Tools ErrorRecord: the SDK exception''s ErrorCode property is the code' {
            $record = New-AwsToolsErrorRecord -Message 'Token expired: current date/time 1747192329 must be before the expiration date/time 1747188723' -ErrorCode 'ExpiredTokenException'
            $r = $record | Resolve-AssumeRoleError -ParseOnly
            $r.ErrorCode | Should -Be 'ExpiredTokenException'
            $r.Layer | Should -Be 'IdentityProvider'
            $r.Action | Should -Be 'sts:AssumeRole'   # the FullyQualifiedErrorId names Use-STSRole's cmdlet
        }

        It 'reads $Error[0] after a failing Use-STSRole' {
            function Use-STSRole { [CmdletBinding()] param($RoleArn) Write-Error -Exception ([Amazon.SecurityToken.AmazonSecurityTokenServiceException]::new($BobDenied, $null, [Amazon.Runtime.ErrorType]::Sender, 'AccessDenied', 'r', [System.Net.HttpStatusCode]::Forbidden)) -Category InvalidOperation }
            Use-STSRole -RoleArn $Alice -ErrorAction SilentlyContinue
            $r = $Error[0] | Resolve-AssumeRoleError -ParseOnly
            Assert-Reading $r ([pscustomobject]@{ file = '$Error[0]'; ErrorCode = 'AccessDenied'; Caller = $Bob; Action = 'sts:AssumeRole'; Resource = $Alice; Layer = 'IdentityPolicy'; DenyKind = 'Implicit'; PolicyArn = ''; Missing = @() })
        }

        It 'reads the ErrorRecord as PowerShell prints it (ConciseView, with and without colour)' {
            function Use-STSRole { [CmdletBinding()] param() Write-Error -Exception ([System.InvalidOperationException]::new($BobDenied)) -Category InvalidOperation }
            Use-STSRole -ErrorAction SilentlyContinue
            $record = $Error[0]
            foreach ($rendering in 'PlainText', 'Ansi') {
                $PSStyle.OutputRendering = $rendering
                try { $printed = $record | Out-String -Width 80 } finally { $PSStyle.OutputRendering = 'Host' }
                $printed.Split("`n").Count | Should -BeGreaterThan 3 -Because 'the view wraps the message over several lines'
                $r = $printed | Resolve-AssumeRoleError -ParseOnly
                ($r.Caller, $r.Resource, $r.Layer) | Should -Be ($Bob, $Alice, 'IdentityPolicy')
            }
        }

        It 'reads an exception whose message a console cut at its width, as the text reads it' {
            $long = "$BobDenied, and the caller's session carried no tags that could have matched a condition"
            $cut = (0..([math]::Ceiling($long.Length / 100) - 1) | ForEach-Object { $long.Substring($_ * 100, [math]::Min(100, $long.Length - $_ * 100)) }) -join "`n"
            $fromText = $cut | Resolve-AssumeRoleError -ParseOnly
            $fromException = [System.InvalidOperationException]::new($cut) | Resolve-AssumeRoleError -ParseOnly
            ($fromException.Caller, $fromException.Resource, $fromException.Layer) | Should -Be ($Bob, $Alice, 'IdentityPolicy')
            ($fromText.Caller, $fromText.Resource) | Should -Be ($fromException.Caller, $fromException.Resource)
        }

        It 'reads an exception chain: the wrapper names the role, the inner exception the denial' {
            $inner = [FakeServiceException]::new('Not authorized to perform sts:AssumeRoleWithWebIdentity', 'AccessDenied')
            $outer = [System.InvalidOperationException]::new("Error calling AssumeRole for role $Alice", $inner)
            $r = $outer | Resolve-AssumeRoleError -ParseOnly
            ($r.ErrorCode, $r.Action, $r.Resource, $r.Layer) | Should -Be ('AccessDenied', 'sts:AssumeRoleWithWebIdentity', $Alice, '')
        }

        It 'reads ErrorDetails.Message (the service''s error body) beside the exception' {
            $record = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new("Error calling AssumeRole for role $Alice"), 'AssumeRoleFailed', 'InvalidOperation', $null)
            $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>$BobDenied</Message></Error></ErrorResponse>")
            $r = $record | Resolve-AssumeRoleError -ParseOnly
            ($r.ErrorCode, $r.Caller, $r.Resource, $r.Layer) | Should -Be ('AccessDenied', $Bob, $Alice, 'IdentityPolicy')
        }

        It 'never takes a PowerShell category or an SDK wrapper for the error code' {
            $record = [System.Management.Automation.ErrorRecord]::new([FakeServiceException]::new('WebIdentityErr: failed to retrieve credentials caused by: Not authorized to perform sts:AssumeRoleWithWebIdentity', 'WebIdentityErr'),
                'PermissionDenied', 'PermissionDenied', $null)
            ($record | Resolve-AssumeRoleError -ParseOnly).ErrorCode | Should -Be 'AccessDenied'
        }

        It 'reads a CloudTrail record from ConvertFrom-Json' {
            $event = Get-Content (Join-Path $Corpus 'cloudtrail-assume-role-identity-implicit.txt') -Raw | ConvertFrom-Json
            $r = $event | Resolve-AssumeRoleError -ParseOnly
            ($r.Caller, $r.Resource, $r.Layer) | Should -Be ('arn:aws:iam::111122223333:user/carol', 'arn:aws:iam::444455556666:role/Auditor', 'IdentityPolicy')
        }
    }

    Context 'path checks' {
        It 'runs the path checks for the caller and role on -Snapshot, beside what AWS said' {
            $r = Resolve-AssumeRoleError $BobDenied -Snapshot $Example
            $r.Layer | Should -Be 'IdentityPolicy'
            @($r.Checks).Count | Should -Be 16
            ($r.Checks | Where-Object Check -EQ 'IdentityPolicy').Status | Should -Be 'Fail'
            $r.Checks | ForEach-Object { $_ | Should -BeOfType ([RoleTrust.PathCheck]) }
        }

        It 'takes an imported snapshot too, and reads ErrorRecords with it' {
            $snapshot = Import-RoleTrustSnapshot $Example
            $r = New-AwsToolsErrorRecord -Message $BobDenied -ErrorCode 'AccessDenied' | Resolve-AssumeRoleError -Snapshot $snapshot
            ($r.Checks | Where-Object Check -EQ 'TargetRole').Status | Should -Be 'Pass'
        }

        It 'with -ParseOnly runs no check, even with -Snapshot' {
            @((Resolve-AssumeRoleError $BobDenied -Snapshot $Example -ParseOnly).Checks).Count | Should -Be 0
        }

        It 'writes the reading and an IncompleteAssumeRoleError naming what is missing when the caller or role is masked' {
            $text = 'User: arn:aws:iam::***:user/github-ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Alice'
            $r = Resolve-AssumeRoleError $text -Snapshot $Example -ErrorVariable ev -ErrorAction SilentlyContinue
            $r.Caller | Should -Be 'arn:aws:iam::***:user/github-ci'
            @($r.Checks).Count | Should -Be 0
            $ev[0].FullyQualifiedErrorId | Should -Be "IncompleteAssumeRoleError,$CommandClass"
            $ev[0].Exception.Message | Should -Match 'Caller \(redacted\)'
        }

        It 'checks live by default, and with no credentials anywhere stops with NoCredentials like AWS.Tools' {
            # A fresh process with an empty credential chain: no keys, no profiles, no instance metadata.
            $empty = Join-Path $TestDrive 'empty-aws-config'
            Set-Content $empty ''
            $script = "`$env:AWS_ACCESS_KEY_ID=''; `$env:AWS_SECRET_ACCESS_KEY=''; `$env:AWS_SESSION_TOKEN=''; `$env:AWS_PROFILE=''; " +
                "`$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_EC2_METADATA_DISABLED='true'; " +
                "`$env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=''; `$env:AWS_CONTAINER_CREDENTIALS_FULL_URI=''; `$env:AWS_WEB_IDENTITY_TOKEN_FILE=''; " +
                "Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')'; " +
                "try { Resolve-AssumeRoleError '$BobDenied' -Region us-east-1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
            $out = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script
            $out[0] | Should -Be "NoCredentials,$CommandClass"
            $out[1] | Should -Be 'AuthenticationError'
        }

        It 'takes the AWS.Tools credential parameters and the ones that say which credentials read which account' {
            $cmd = Get-Command Resolve-AssumeRoleError
            foreach ($p in 'ProfileName', 'ProfileLocation', 'Credential', 'AccessKey', 'SecretKey', 'SessionToken', 'Region', 'EndpointUrl',
                'TargetProfileName', 'TargetCredential', 'AccountProfileName', 'AuditRoleName', 'OrganizationProfileName', 'OrganizationCredential',
                'SourceArn', 'RoleArn', 'WebIdentityToken', 'TokenClaims') { $cmd | Should -HaveParameter $p }
        }

        It 'puts what AWS said beside what the checks found: Agrees, OtherBlockingChecks and Found' {
            $r = Resolve-AssumeRoleError $BobDenied -Snapshot $Example
            $r.Agrees | Should -BeTrue
            @($r.OtherBlockingChecks) | Should -Be @('TrustPolicy')
            $r.Found | Should -Match 'RoleTrust finds IdentityPolicy failing too'
            $r.Found | Should -Match 'TrustPolicy blocks too: AWS names only one layer per error'
            ($r | Format-Table | Out-String) | Should -Match 'Resource\s+Agrees'
            ($r | ConvertTo-Json -Depth 1 | ConvertFrom-Json).Agrees | Should -BeTrue
            ($r | ConvertTo-Csv | ConvertFrom-Csv).OtherBlockingChecks | Should -Be 'TrustPolicy'
        }

        It 'fills a masked caller and role from -SourceArn and -RoleArn' {
            $text = 'User: arn:aws:iam::***:user/Bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::***:role/Alice'
            $r = Resolve-AssumeRoleError $text -Snapshot $Example -SourceArn $Bob -RoleArn $Alice
            $r.Caller | Should -Be 'arn:aws:iam::***:user/Bob'
            $r.Checks[0].Source | Should -Be $Bob
            $r.Checks[0].Role | Should -Be $Alice
            $r.Agrees | Should -BeTrue
        }

        It 'refuses -WebIdentityToken and -TokenClaims together, and a token for an error that is not a web identity one' {
            { Resolve-AssumeRoleError $BobDenied -Snapshot $Example -WebIdentityToken 'a.b.c' -TokenClaims @{ iss = 'https://x' } -ErrorAction Stop } |
                Should -Throw -ErrorId "InvalidParameter,$CommandClass"
            $r = Resolve-AssumeRoleError $BobDenied -Snapshot $Example -TokenClaims @{ iss = 'https://x' } -ErrorVariable ev -ErrorAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Be "InvalidParameter,$CommandClass"
            $ev[0].Exception.Message | Should -Match 'this one is sts:AssumeRole by arn:aws:iam::111111111111:user/Bob'
            @($r.Checks) | Should -HaveCount 0
        }

        It 'says a web identity error needs the token, and runs the checks with -TokenClaims' {
            $text = Get-Content (Join-Path $Corpus 'gha-configure-aws-credentials-no-provider.txt') -Raw
            $null = Resolve-AssumeRoleError $text -Snapshot $Example -ErrorVariable ev -ErrorAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Be "IncompleteAssumeRoleError,$CommandClass"
            $ev[0].Exception.Message | Should -Match 'a web identity caller is the token: give -WebIdentityToken or -TokenClaims'
            $claims = @{ iss = 'https://token.actions.githubusercontent.com'; sub = 'repo:example-org/payments:ref:refs/heads/main'; aud = 'sts.amazonaws.com' }
            $r = Resolve-AssumeRoleError $text -Snapshot $Example -TokenClaims $claims -RoleArn 'arn:aws:iam::222222222222:role/GitHubDeploy'
            # The text names 444455556666:role/gha-release, which the example does not hold; -RoleArn fills only a missing role.
            $r.Checks[0].Role | Should -Be 'arn:aws:iam::444455556666:role/gha-release'
            (Get-Check $r.Checks TargetRole).Status | Should -Be 'Unknown'
        }

        It 'refuses a -Snapshot that is neither a path nor a snapshot' {
            { Resolve-AssumeRoleError $BobDenied -Snapshot 42 -ErrorAction Stop } | Should -Throw -ErrorId "InvalidSnapshotArgument,$CommandClass"
        }
    }
}

Describe 'Resolve-AssumeRoleError over the corpus, on -Snapshot and live' {
    BeforeAll {
        $null = (Get-Command Resolve-AssumeRoleError).Parameters['Credential'].ParameterType   # loads AWSSDK.Core
        $fakeDll = $env:ROLETRUST_FAKEAWS
        if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
        Add-Type -Path $fakeDll
        $script:CorpusSnapshot = Import-RoleTrustSnapshot (Join-Path $PSScriptRoot '../fixtures/error-corpus')
        $script:Fake = [RoleTrust.Testing.FakeAws]::new($CorpusSnapshot.Path)
        # Readers that are none of the callers: their credentials only read.
        $keys = @{
            Reader = @('AKIAFAKECORPUSREAD01', 'corpusReaderSECRET/aB3dE5gH7jK9mN1pQ3sT5vX7zZ01', 'arn:aws:iam::111122223333:user/roletrust-reader')
            Target = @('AKIAFAKECORPUSPROD01', 'corpusProdSECRET/gH6jK8mN0pQ2sT4vX6zB8cD0004', 'arn:aws:iam::444455556666:user/roletrust-reader')
            Org    = @('AKIAFAKECORPUSORG001', 'corpusOrgSECRET/jK7mN9pQ1sT3vX5zB7cD9eF1gH0005', 'arn:aws:iam::999988887777:user/roletrust-reader')
        }
        foreach ($k in $keys.Values) { $Fake.AddKey($k[0], $k[1], [NullString]::Value, $k[2]) }
        $script:LiveParameters = @{
            AccessKey = $keys.Reader[0]; SecretKey = $keys.Reader[1]; Region = 'us-east-1'; EndpointUrl = $Fake.Url
            TargetCredential = [Amazon.Runtime.BasicAWSCredentials]::new($keys.Target[0], $keys.Target[1])
            OrganizationCredential = [Amazon.Runtime.BasicAWSCredentials]::new($keys.Org[0], $keys.Org[1])
        }
        $script:Secrets = @($keys.Values | ForEach-Object { $_[1] })
    }
    AfterAll { if ($script:Fake) { $script:Fake.Dispose() } }

    Context '<File>' -ForEach $Compared {
        BeforeAll {
            $script:text = Get-Content (Join-Path $Corpus $File) -Raw
            $script:offline = $text | Resolve-AssumeRoleError -Snapshot $CorpusSnapshot -ErrorAction Stop
            $script:live = $text | Resolve-AssumeRoleError @LiveParameters -ErrorAction Stop
        }

        It 'runs every check on -Snapshot and compares: Agrees <Agrees>, other blocking checks <Others>' {
            @($offline.Checks) | Should -HaveCount 16
            $offline.Agrees | Should -Be $Agrees
            @($offline.OtherBlockingChecks) | Should -Be $Others
            $offline.Found | Should -Not -BeNullOrEmpty
            if ($offline.Layer -and $Agrees) { (Get-Check $offline.Checks $offline.Layer).Status | Should -Be 'Fail' }
        }

        It 'gives the same comparison live, with the reading credentials never taken for the caller' {
            $live.Agrees | Should -Be $offline.Agrees
            @($live.OtherBlockingChecks) | Should -Be @($offline.OtherBlockingChecks)
            (Get-Check $live.Checks CallerIdentity).Status | Should -Be 'NotApplicable'
            foreach ($i in 0..15) {
                if ($live.Checks[$i].Check -in 'CallerIdentity', 'StsEndpoint') { continue }
                $live.Checks[$i].Status | Should -Be $offline.Checks[$i].Status -Because "$($live.Checks[$i].Check): $($live.Checks[$i].Summary)"
            }
        }
    }

    Context 'web identity: <File>' -ForEach $WebIdentity {
        It 'runs the checks with -TokenClaims, on -Snapshot and live, and agrees' {
            $text = Get-Content (Join-Path $Corpus $File) -Raw
            foreach ($r in @(($text | Resolve-AssumeRoleError -Snapshot $CorpusSnapshot -TokenClaims $Claims), ($text | Resolve-AssumeRoleError @LiveParameters -TokenClaims $Claims))) {
                $r.Agrees | Should -BeTrue -Because $r.Found
                @($r.OtherBlockingChecks) | Should -Be $Others
                $r.Checks[0].Source | Should -Match ':oidc-provider/'
            }
        }
    }

    It 'made only read calls with signatures the fake verified, and wrote no secret' {
        @($Fake.Requests) | Should -Not -HaveCount 0
        @($Fake.Requests | Where-Object { -not $_.SignatureValid }) | Should -HaveCount 0
        @($Fake.Requests | Where-Object { $_.Operation -notmatch '^(Get|List|Describe)' }) | Should -HaveCount 0
        $text = (Resolve-AssumeRoleError (Get-Content (Join-Path $Corpus 'aws-cli-identity-implicit.txt') -Raw) @LiveParameters -Verbose -Debug 4>&1 5>&1 |
                ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 }) -join "`n"
        foreach ($secret in $Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }
}
