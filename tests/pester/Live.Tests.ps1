#Requires -Version 7.0
# Pester 6 tests for live mode (no -Snapshot) against the staged module (build.ps1 sets ROLETRUST_MODULE) and the
# local fake AWS endpoint (build.ps1 sets ROLETRUST_FAKEAWS) serving examples/bob-alice.
# One fake serves the whole file, so the last Describe can check that every call made was a read.

BeforeDiscovery {
    $script:PathCases = @(Import-Csv (Join-Path $PSScriptRoot '../../examples/bob-alice/expected-paths.csv') | ForEach-Object {
            @{ SourceArn = $_.SourceArn; RoleArn = $_.RoleArn; Name = "$($_.SourceArn -replace '^.*:', '') -> $($_.RoleArn -replace '^.*:', '')" }
        })
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    # The module loads AWSSDK.Core lazily; resolving a parameter type loads it, so [Amazon.Runtime.*] can be used here.
    $null = (Get-Command Test-AssumeRolePath).Parameters['Credential'].ParameterType
    $fakeDll = $env:ROLETRUST_FAKEAWS
    if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
    Add-Type -Path $fakeDll

    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:CommandClass = 'RoleTrust.Cmdlets.TestAssumeRolePathCommand'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:CiRunner = 'arn:aws:iam::111111111111:role/ci/ci-runner'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'
    $script:DeployWithoutPath = 'arn:aws:iam::222222222222:role/Deploy'

    # Keys the fake knows. Secrets and tokens are distinctive so that the leak test cannot match them by accident.
    $script:Keys = @{
        Bob    = @{ AccessKey = 'AKIAFAKEBOB000000001'; SecretKey = 'bobSECRETkey/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0001'; Arn = $Bob }
        Carol  = @{ AccessKey = 'AKIAFAKECAROL0000001'; SecretKey = 'carolSECRETkey/cD4eF6hJ8kL0nP2qR4tU6wY8z02'; Arn = $Carol }
        Ci     = @{ AccessKey = 'ASIAFAKECIRUNNER0001'; SecretKey = 'ciSECRETkey/eF5gH7jK9mN1pQ3sT5vX7zA9bC0003'; SessionToken = 'ciSESSIONtoken//IQoJb3JpZ2luX2VjEFAKEFAKEFAKE0003'
            Arn = 'arn:aws:sts::111111111111:assumed-role/ci-runner/ci-build-42' }
        Target = @{ AccessKey = 'AKIAFAKETARGET000001'; SecretKey = 'targetSECRETkey/gH6jK8mN0pQ2sT4vX6zB8cD0004'; Arn = 'arn:aws:iam::222222222222:user/RoleTrustReader' }
        Org    = @{ AccessKey = 'AKIAFAKEORGREADER001'; SecretKey = 'orgSECRETkey/jK7mN9pQ1sT3vX5zB7cD9eF1gH0005'; Arn = 'arn:aws:iam::999999999999:user/OrgReader' }
        Root   = @{ AccessKey = 'AKIAFAKEROOT00000001'; SecretKey = 'rootSECRETkey/mN8pQ0sT2vX4zB6cD8eF0gH2jK06'; Arn = 'arn:aws:iam::111111111111:root' }
    }
    $script:Secrets = @($Keys.Values | ForEach-Object { $_.SecretKey; if ($_.SessionToken) { $_.SessionToken } })
    $script:KeysFor = @{ $Bob = $Keys.Bob; $Carol = $Keys.Carol; $CiRunner = $Keys.Ci }

    $script:Fake = [RoleTrust.Testing.FakeAws]::new($Example)
    foreach ($k in $Keys.Values) {
        $token = if ($k.SessionToken) { $k.SessionToken } else { [NullString]::Value }
        $Fake.AddKey($k.AccessKey, $k.SecretKey, $token, $k.Arn)
    }
    $script:TargetCredential = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Target.AccessKey, $Keys.Target.SecretKey)
    $script:OrgCredential = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Org.AccessKey, $Keys.Org.SecretKey)

    # A credentials file in the AWS format for the profile tests.
    $script:CredentialsFile = Join-Path $TestDrive 'credentials'
    @"
[bob]
aws_access_key_id = $($Keys.Bob.AccessKey)
aws_secret_access_key = $($Keys.Bob.SecretKey)

[carol]
aws_access_key_id = $($Keys.Carol.AccessKey)
aws_secret_access_key = $($Keys.Carol.SecretKey)

[target]
aws_access_key_id = $($Keys.Target.AccessKey)
aws_secret_access_key = $($Keys.Target.SecretKey)

[org]
aws_access_key_id = $($Keys.Org.AccessKey)
aws_secret_access_key = $($Keys.Org.SecretKey)

[ci-from-bob]
role_arn = $CiRunner
source_profile = bob
role_session_name = ci-from-bob

[proc]
credential_process = $($IsWindows ? 'cmd.exe /c exit 3' : '/bin/sh -c "exit 3"')

[sso]
sso_start_url = https://roletrust-test.awsapps.invalid/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly
"@ | Set-Content $CredentialsFile

    # Roles assumed to read (audit roles, assume-role profiles): counted, so that the read-only test can tell them from writes.
    $script:ReadingAssumeRoleCalls = 0
    # OrganizationAccountAccessRole exists in every account, as AWS Organizations creates it in member accounts.
    $Fake.RolesInEveryAccount.Add('OrganizationAccountAccessRole')

    # Runs a script in its own runspace with the module imported, and fails if it takes longer than $Seconds: a hang fails fast.
    function script:Invoke-Bounded {
        param([scriptblock] $Script, [object[]] $ArgumentList = @(), [int] $Seconds = 30)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')' -ErrorAction Stop").AddStatement()
            $null = $ps.AddScript($Script.ToString())
            foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($Seconds))) { $ps.Stop(); throw "did not finish within $Seconds s" }
            $out = @($ps.EndInvoke($async))
            [pscustomobject]@{ Output = $out; Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning); Elapsed = $watch.Elapsed }
        } finally { $ps.Dispose() }
    }

    # Every AssumeRole the fake saw outside the -Probe tests would be a write; the Probe tests count theirs here.
    $script:ProbeAssumeRoleCalls = 0

    function script:Get-Status {
        param([object[]] $Checks)
        $h = [ordered]@{}; foreach ($c in $Checks) { $h[$c.Check] = "$($c.Status)" }; $h
    }

    # Test-AssumeRolePath live against the fake, with the source's keys, target and organization reader credentials.
    function script:Invoke-Live {
        [CmdletBinding()]
        param([string] $SourceArn, [string] $RoleArn, [switch] $NoTarget, [switch] $NoOrganization, [switch] $CallerDefault,
            [string] $Command = 'Test-AssumeRolePath', [hashtable] $Extra = @{})
        $k = $KeysFor[$SourceArn]
        $p = @{ RoleArn = $RoleArn; AccessKey = $k.AccessKey; SecretKey = $k.SecretKey; Region = 'us-east-1'; EndpointUrl = $Fake.Url }
        if ($k.SessionToken) { $p.SessionToken = $k.SessionToken }
        if (-not $CallerDefault) { $p.SourceArn = $SourceArn }
        if (-not $NoTarget) { $p.TargetCredential = $TargetCredential }
        if (-not $NoOrganization) { $p.OrganizationCredential = $OrgCredential }
        & $Command @p @Extra
    }

    # The 16 checks of a path on examples/bob-alice (the reference the live answers are compared with).
    function script:Get-SnapshotCheck { param([string] $SourceArn, [string] $RoleArn) Test-AssumeRolePath -SourceArn $SourceArn -RoleArn $RoleArn -Snapshot $Example }

    function script:Get-CallerRequest { param([string] $AccessKey) @($Fake.Requests | Where-Object { $_.Headers['Authorization'] -match "Credential=$AccessKey/" }) }
}

AfterAll {
    if ($script:Fake) { $script:Fake.Dispose() }
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Live mode gives the snapshot''s answer' {
    It 'matches -Snapshot examples/bob-alice for <Name> (with target and organization credentials)' -ForEach $PathCases {
        $live = @(Invoke-Live $SourceArn $RoleArn)
        $snap = @(Get-SnapshotCheck $SourceArn $RoleArn)
        $live | Should -HaveCount 16
        $live.Check | Should -Be $snap.Check
        foreach ($i in 0..15) {
            if ($live[$i].Check -in 'CallerIdentity', 'StsEndpoint') {
                "$($live[$i].Status)" | Should -Be 'Pass' -Because "$($live[$i].Check) is live-only: $($live[$i].Summary)"
                "$($snap[$i].Status)" | Should -Be 'NotApplicable'
            } else {
                "$($live[$i].Status)" | Should -Be "$($snap[$i].Status)" -Because "$($live[$i].Check): live '$($live[$i].Summary)' vs snapshot '$($snap[$i].Summary)'"
            }
            $live[$i].Source | Should -Be $SourceArn
            $live[$i].Role | Should -Be $RoleArn
        }
    }

    It 'gives the snapshot''s Summary, Fix and ErrorText for every Fail (<Name>)' -ForEach $PathCases {
        $live = @(Invoke-Live $SourceArn $RoleArn | Where-Object Status -EQ 'Fail')
        $snap = @(Get-SnapshotCheck $SourceArn $RoleArn | Where-Object Status -EQ 'Fail')
        $live.Check | Should -Be $snap.Check
        $live.Summary | Should -Be $snap.Summary
        $live.Fix | Should -Be $snap.Fix
        $live.ErrorText | Should -Be $snap.ErrorText
    }

    It 'without credentials for the role''s account makes its checks Unknown, naming the account and the parameters that would read it (<Name>)' -ForEach $PathCases {
        $live = @(Invoke-Live $SourceArn $RoleArn -NoTarget)
        $snap = Get-Status (Get-SnapshotCheck $SourceArn $RoleArn)
        $s = Get-Status $live
        $live | Should -HaveCount 16
        foreach ($check in 'TargetRole', 'TrustPolicy', 'TrustConditions') {
            $s[$check] | Should -Be 'Unknown' -Because "$check needs the role's data"
            $c = $live | Where-Object Check -EQ $check
            $c.Summary | Should -Match 'no credentials given can read account 222222222222'
            foreach ($parameter in '-TargetProfileName', '-TargetCredential', '-AccountProfileName', '-AuditRoleName') { $c.Fix | Should -Match $parameter }
        }
        foreach ($check in $s.Keys) {
            if ($snap[$check] -eq 'Fail') { $s[$check] | Should -BeIn 'Fail', 'Unknown' -Because "$check fails on the snapshot, so it may not pass live" }
        }
        # The caller's own data is read with the caller's keys: those checks keep the snapshot's answer.
        foreach ($check in 'SourcePrincipal', 'IdentityPolicy', 'PermissionsBoundary', 'ServiceControlPolicy') {
            $s[$check] | Should -Be $snap[$check]
        }
        $s['CallerIdentity'] | Should -Be 'Pass'
    }

    It 'reads the role with -TargetProfileName and -OrganizationProfileName from -ProfileLocation too' {
        $live = @(Test-AssumeRolePath -RoleArn $Deploy -SourceArn $CiRunner -AccessKey $Keys.Ci.AccessKey -SecretKey $Keys.Ci.SecretKey -SessionToken $Keys.Ci.SessionToken `
                -TargetProfileName target -OrganizationProfileName org -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url)
        $s = Get-Status $live
        @($s.Values | Where-Object { $_ -in 'Fail', 'Unknown' }) | Should -HaveCount 0
        $s['TrustPolicy'] | Should -Be 'Pass'
        $s['ServiceControlPolicy'] | Should -Be 'Pass'
        @(Get-CallerRequest $Keys.Target.AccessKey | Where-Object Operation -EQ 'GetRole') | Should -Not -HaveCount 0
        @(Get-CallerRequest $Keys.Org.AccessKey | Where-Object Service -EQ 'organizations') | Should -Not -HaveCount 0
    }

    It 'Get-RoleTrustGap live lists the same gaps as on the snapshot for Bob -> Alice' {
        $live = @(Invoke-Live $Bob $Alice -Command Get-RoleTrustGap)
        $snap = @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Example)
        $live.Check | Should -Be @('IdentityPolicy', 'TrustPolicy')
        $live.Check | Should -Be $snap.Check
        $live.PolicyDocument | Should -Be $snap.PolicyDocument
    }
}

Describe 'The caller and -SourceArn' {
    It 'defaults -SourceArn to the caller (CallerIdentity Pass, Source = the caller''s ARN)' {
        $live = @(Invoke-Live $Carol $Alice -CallerDefault)
        $live[0].Check | Should -Be 'CallerIdentity'
        "$($live[0].Status)" | Should -Be 'Pass'
        ($live.Source | Select-Object -Unique) | Should -Be $Carol
        # Carol's answer, not somebody else's: the MFA condition of her trust statement is what blocks her.
        (Get-Status $live)['TrustConditions'] | Should -Be 'Fail'
    }

    It 'defaults -SourceArn to the session ARN for role-session credentials' {
        $live = @(Invoke-Live $CiRunner $Deploy -CallerDefault)
        "$($live[0].Status)" | Should -Be 'Pass'
        $live[0].Source | Should -Be $Keys.Ci.Arn
        @($live | Where-Object Status -In 'Fail', 'Unknown') | Should -HaveCount 0
    }

    It 'uses AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN (a pod or CI runner), calling STS at -EndpointUrl, never showing the token' {
        # A fresh process: only the web identity variables, empty config files, no instance metadata.
        $token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvYXBwIn0.d2ViLWlkZW50aXR5LXRva2VuLW5vdC1zaG93bg'
        $tokenFile = Join-Path $TestDrive 'web-identity-token'
        Set-Content $tokenFile $token
        $empty = Join-Path $TestDrive 'empty-aws-config-wi'
        Set-Content $empty ''
        $Fake.WebIdentityToken = $token
        $before = $Fake.Requests.Count
        $script = "`$env:AWS_PROFILE=''; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; `$env:AWS_EC2_METADATA_DISABLED='true'; " +
            "`$env:AWS_ACCESS_KEY_ID=''; `$env:AWS_SECRET_ACCESS_KEY=''; `$env:AWS_SESSION_TOKEN=''; " +
            "`$env:AWS_WEB_IDENTITY_TOKEN_FILE='$tokenFile'; `$env:AWS_ROLE_ARN='$CiRunner'; `$env:AWS_ROLE_SESSION_NAME='ci-build-7'; " +
            "Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')'; " +
            "Test-AssumeRolePath -RoleArn $Deploy -Region us-east-1 -EndpointUrl '$($Fake.Url)' -Verbose 4>&1 | ForEach-Object { if (`$_ -is [RoleTrust.PathCheck]) { 'CHECK ' + `$_.Check + ' ' + `$_.Status + ' ' + `$_.Source } else { 'TEXT ' + `$_ } }"
        $out = @(& (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        $out | Should -Contain 'CHECK CallerIdentity Pass arn:aws:sts::111111111111:assumed-role/ci-runner/ci-build-7'
        ($out -join "`n") | Should -Not -Match ([regex]::Escape($token))
        $calls = @($Fake.Requests | Select-Object -Skip $before)
        $exchange = @($calls | Where-Object Operation -EQ 'AssumeRoleWithWebIdentity')
        $exchange | Should -HaveCount 1
        $exchange[0].Parameters['RoleArn'] | Should -Be $CiRunner
        @($calls | Where-Object { $_.Operation -eq 'GetCallerIdentity' -and $_.SignatureValid }) | Should -Not -BeNullOrEmpty
    }

    It 'fails CallerIdentity when -SourceArn is not the caller' {
        $live = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey `
                -TargetCredential $TargetCredential -OrganizationCredential $OrgCredential -Region us-east-1 -EndpointUrl $Fake.Url)
        "$($live[0].Status)" | Should -Be 'Fail'
        $live[0].Summary | Should -Match ([regex]::Escape($Bob))
        $live[0].Summary | Should -Match ([regex]::Escape($Carol))
        $live[0].Source | Should -Be $Carol
    }

    It 'fails CallerIdentity for root keys with ''Roles may not be assumed by root accounts.''' {
        $live = @(Test-AssumeRolePath -RoleArn $Alice -AccessKey $Keys.Root.AccessKey -SecretKey $Keys.Root.SecretKey `
                -TargetCredential $TargetCredential -OrganizationCredential $OrgCredential -Region us-east-1 -EndpointUrl $Fake.Url -ErrorAction SilentlyContinue)
        $caller = $live | Where-Object Check -EQ 'CallerIdentity'
        "$($caller.Status)" | Should -Be 'Fail'
        $caller.ErrorText | Should -BeExactly 'Roles may not be assumed by root accounts.'
        $caller.Summary | Should -Match 'Roles may not be assumed by root accounts\.'
        @($live | Where-Object { $_.Check -eq 'SourcePrincipal' -and "$($_.Status)" -eq 'Pass' }) | Should -HaveCount 0
    }

    It 'fails CallerIdentity when AWS rejects the secret key (and never passes the path)' {
        $live = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -AccessKey $Keys.Bob.AccessKey -SecretKey 'not-the-secret-key-at-all-000000000000000' `
                -Region us-east-1 -EndpointUrl $Fake.Url -ErrorAction SilentlyContinue)
        $caller = $live | Where-Object Check -EQ 'CallerIdentity'
        "$($caller.Status)" | Should -Be 'Fail'
        $caller.ErrorText | Should -Match 'SignatureDoesNotMatch'
    }
}

Describe 'Credential and region resolution like AWS.Tools' {
    BeforeAll {
        $script:cmd = Get-Command Test-AssumeRolePath
        $script:Common = @{ RoleArn = $Alice; Region = 'us-east-1'; EndpointUrl = $Fake.Url }
        function script:Get-CallerOf { param([object[]] $Checks) ($Checks | Where-Object Check -EQ 'CallerIdentity').Source }
    }

    It 'has the AWS.Tools aliases <Alias> for -<Parameter>' -ForEach @(
        @{ Parameter = 'ProfileName'; Alias = 'AWSProfileName' }
        @{ Parameter = 'ProfileName'; Alias = 'StoredCredentials' }
        @{ Parameter = 'Region'; Alias = 'RegionToCall' }
        @{ Parameter = 'AccessKey'; Alias = 'AK' }
        @{ Parameter = 'SecretKey'; Alias = 'SK' }
        @{ Parameter = 'SessionToken'; Alias = 'ST' }
        @{ Parameter = 'ProfileLocation'; Alias = 'ProfilesLocation' }
    ) {
        foreach ($name in 'Test-AssumeRolePath', 'Get-RoleTrustGap', 'Save-RoleTrustSnapshot') {
            (Get-Command $name).Parameters[$Parameter].Aliases | Should -Contain $Alias
        }
    }

    It 'uses -AccessKey/-SecretKey (and the -AK/-SK/-ST aliases with a session token)' {
        Get-CallerOf (Test-AssumeRolePath @Common -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey) | Should -Be $Bob
        $viaAliases = @(Test-AssumeRolePath -RoleArn $Deploy -Region us-east-1 -EndpointUrl $Fake.Url -AK $Keys.Ci.AccessKey -SK $Keys.Ci.SecretKey -ST $Keys.Ci.SessionToken)
        Get-CallerOf $viaAliases | Should -Be $Keys.Ci.Arn
        # The token was sent: the fake rejects a session key signed without its token.
        @(Get-CallerRequest $Keys.Ci.AccessKey | Where-Object { -not $_.SignatureValid }) | Should -HaveCount 0
        @(Get-CallerRequest $Keys.Ci.AccessKey | Where-Object { $_.Headers['X-Amz-Security-Token'] -ne $Keys.Ci.SessionToken }) | Should -HaveCount 0
    }

    It 'uses -ProfileName from -ProfileLocation (and the -AWSProfileName alias)' {
        Get-CallerOf (Test-AssumeRolePath @Common -ProfileName carol -ProfileLocation $CredentialsFile) | Should -Be $Carol
        Get-CallerOf (Test-AssumeRolePath @Common -AWSProfileName bob -ProfilesLocation $CredentialsFile) | Should -Be $Bob
    }

    It 'prefers -AccessKey/-SecretKey to -ProfileName' {
        Get-CallerOf (Test-AssumeRolePath @Common -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey -ProfileName carol -ProfileLocation $CredentialsFile) | Should -Be $Bob
    }

    It 'stops with ProfileNotFound (ObjectNotFound) for a missing profile, without falling back' {
        $StoredAWSCredentials = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Bob.AccessKey, $Keys.Bob.SecretKey)
        $before = $Fake.Requests.Count
        $err = $null
        try { Test-AssumeRolePath @Common -ProfileName no-such-profile -ProfileLocation $CredentialsFile -ErrorAction SilentlyContinue } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "ProfileNotFound,$CommandClass"
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'no-such-profile'
        $Fake.Requests.Count | Should -Be $before
    }

    It 'uses a -Credential object' {
        $c = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Carol.AccessKey, $Keys.Carol.SecretKey)
        Get-CallerOf (Test-AssumeRolePath @Common -Credential $c) | Should -Be $Carol
        $session = [Amazon.Runtime.SessionAWSCredentials]::new($Keys.Ci.AccessKey, $Keys.Ci.SecretKey, $Keys.Ci.SessionToken)
        Get-CallerOf (Test-AssumeRolePath @Common -Credential $session) | Should -Be $Keys.Ci.Arn
    }

    It 'uses $StoredAWSCredentials (Set-AWSCredential) when no credentials are given, and explicit ones over it' {
        $StoredAWSCredentials = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Carol.AccessKey, $Keys.Carol.SecretKey)
        Get-CallerOf (Test-AssumeRolePath @Common) | Should -Be $Carol
        Get-CallerOf (Test-AssumeRolePath @Common -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey) | Should -Be $Bob
        Get-CallerOf (Test-AssumeRolePath @Common -ProfileName bob -ProfileLocation $CredentialsFile) | Should -Be $Bob
        Get-CallerOf (Test-AssumeRolePath @Common -Credential ([Amazon.Runtime.BasicAWSCredentials]::new($Keys.Bob.AccessKey, $Keys.Bob.SecretKey))) | Should -Be $Bob
    }

    It 'uses $StoredAWSRegion (Set-DefaultAWSRegion) when there is no -Region, and -Region / -RegionToCall over it' {
        $StoredAWSRegion = 'eu-west-1'
        $saved = $env:AWS_REGION
        try {
            $env:AWS_REGION = 'ap-south-1'
            $c = @(Test-AssumeRolePath -RoleArn $Alice -EndpointUrl $Fake.Url -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey)
            ($c | Where-Object Check -EQ 'StsEndpoint').Summary | Should -Match 'region eu-west-1'
            # IAM and Organizations are global (signed for us-east-1); STS is called in the region used.
            (Get-CallerRequest $Keys.Bob.AccessKey | Where-Object Service -EQ 'sts' | Select-Object -Last 1).SigningRegion | Should -Be 'eu-west-1'

            $c = @(Test-AssumeRolePath -RoleArn $Alice -EndpointUrl $Fake.Url -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey -Region us-west-2)
            ($c | Where-Object Check -EQ 'StsEndpoint').Summary | Should -Match 'region us-west-2'
            $c = @(Test-AssumeRolePath -RoleArn $Alice -EndpointUrl $Fake.Url -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey -RegionToCall eu-central-1)
            ($c | Where-Object Check -EQ 'StsEndpoint').Summary | Should -Match 'region eu-central-1'
            (Get-CallerRequest $Keys.Bob.AccessKey | Where-Object Service -EQ 'sts' | Select-Object -Last 1).SigningRegion | Should -Be 'eu-central-1'
        } finally { $env:AWS_REGION = $saved }
    }

    It 'stops with NoRegion (InvalidArgument) when no region is set anywhere' {
        # A fresh process: no AWS_REGION / AWS_DEFAULT_REGION, an empty config file, no instance metadata.
        $empty = Join-Path $TestDrive 'empty-aws-config'
        Set-Content $empty ''
        $script = "`$env:AWS_REGION=''; `$env:AWS_DEFAULT_REGION=''; `$env:AWS_PROFILE=''; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; " +
            "`$env:AWS_EC2_METADATA_DISABLED='true'; " +
            "Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')'; " +
            "try { Test-AssumeRolePath -RoleArn $Alice -AccessKey $($Keys.Bob.AccessKey) -SecretKey '$($Keys.Bob.SecretKey)' -EndpointUrl '$($Fake.Url)' -ErrorAction Stop; 'NO-ERROR' } " +
            "catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category.ToString() }"
        $out = @(& (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script)
        $out[0] | Should -Be "NoRegion,$CommandClass"
        $out[1] | Should -Be 'InvalidArgument'
    }

    It 'sends every call where the shared config file''s <Layout> says, as the SDK''s STS client does' -ForEach @(
        @{ Layout = 'profile endpoint_url'; Settings = { param($url) "endpoint_url = $url" }; Sections = { param($url) '' } }
        @{ Layout = 'services section'; Settings = { param($url) 'services = local-aws' }
            Sections = { param($url) "[services local-aws]`niam =`n  endpoint_url = $url`norganizations =`n  endpoint_url = $url`nsts =`n  endpoint_url = $url" } }
    ) {
        # A fresh process: no AWS_ENDPOINT_URL*, the profile in the config file and its keys in the credentials file.
        $config = Join-Path $TestDrive 'endpoint-config'
        $credentials = Join-Path $TestDrive 'endpoint-credentials'
        "[profile carol]`nregion = us-east-1`n$(& $Settings $Fake.Url)`n`n$(& $Sections $Fake.Url)" | Set-Content $config
        "[carol]`naws_access_key_id = $($Keys.Carol.AccessKey)`naws_secret_access_key = $($Keys.Carol.SecretKey)" | Set-Content $credentials
        $before = $Fake.Requests.Count
        $script = "foreach (`$n in 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { [Environment]::SetEnvironmentVariable(`$n, `$null) }; " +
            "`$env:AWS_CONFIG_FILE='$config'; `$env:AWS_SHARED_CREDENTIALS_FILE='$credentials'; `$env:AWS_EC2_METADATA_DISABLED='true'; " +
            "Import-Module '$((Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1')'; " +
            "Test-AssumeRolePath -RoleArn $Alice -ProfileName carol -MfaPresent -WarningAction SilentlyContinue -ErrorAction Continue 2>&1 | ForEach-Object { if (`$_ -is [RoleTrust.PathCheck]) { 'CHECK ' + `$_.Check + ' ' + `$_.Status + ' ' + `$_.Summary } else { 'TEXT ' + `$_ } }"
        $out = @(& (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        @($out | Where-Object { $_ -like 'TEXT *' }) | Should -BeNullOrEmpty -Because 'no call may go to the public endpoints'
        # Carol's own account answers as on the snapshot; the role's account is not hers to read (Unknown, naming why), never unreachable.
        $expected = Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $Example -MfaPresent | ForEach-Object { 'CHECK ' + $_.Check + ' ' + $_.Status }
        foreach ($check in 'SourcePrincipal', 'IdentityPolicy', 'PermissionsBoundary', 'SessionPolicy') {
            @($out | Where-Object { $_ -like "CHECK $check *" } | ForEach-Object { ($_ -split ' ')[0..2] -join ' ' }) | Should -Be @($expected | Where-Object { $_ -like "CHECK $check *" })
        }
        ($out -join "`n") | Should -Not -Match 'could not reach|Unreachable'
        @($out | Where-Object { $_ -like 'CHECK CallerIdentity Pass *' }) | Should -HaveCount 1
        $calls = @($Fake.Requests | Select-Object -Skip $before | Where-Object { $_.Headers['Authorization'] -match "Credential=$($Keys.Carol.AccessKey)/" })
        @($calls | Where-Object Operation -EQ 'GetCallerIdentity') | Should -Not -BeNullOrEmpty
        @($calls | Where-Object Operation -EQ 'GetAccountAuthorizationDetails').Count + @($calls | Where-Object Operation -EQ 'GetUser').Count | Should -BeGreaterThan 0
    }
}

Describe 'Faults: throttling, denials and server errors' {
    BeforeAll {
        $script:Baseline = @{}
        foreach ($pair in @(@($Bob, $Alice), @($Carol, $Alice), @($CiRunner, $Deploy), @($Bob, $DeployWithoutPath))) {
            $Baseline["$($pair[0]) $($pair[1])"] = @(Invoke-Live $pair[0] $pair[1])
        }
        # A fault may turn Pass into Unknown, never Fail into Pass (nor Unknown into Pass).
        function script:Assert-NoFalsePass {
            param([object[]] $Checks, [object[]] $Reference)
            $ref = Get-Status $Reference
            foreach ($c in $Checks) {
                if ($ref[$c.Check] -in 'Fail', 'Unknown') { "$($c.Status)" | Should -Not -Be 'Pass' -Because "$($c.Check) is $($ref[$c.Check]) without faults" }
            }
        }
    }
    AfterEach { $Fake.ClearFaults() }

    It 'retries throttling: InjectThrottling(''GetRole'', 2) gives the same result as no fault' {
        $before = @($Fake.Requests | Where-Object { $_.Operation -eq 'GetRole' -and $_.Status -eq 400 }).Count
        $Fake.InjectThrottling('GetRole', 2)
        $live = @(Invoke-Live $CiRunner $Deploy)
        @($Fake.Requests | Where-Object { $_.Operation -eq 'GetRole' -and $_.Status -eq 400 }).Count | Should -Be ($before + 2)
        $ref = $Baseline["$CiRunner $Deploy"]
        $live.Check | Should -Be $ref.Check
        ($live.Status | ForEach-Object { "$_" }) | Should -Be ($ref.Status | ForEach-Object { "$_" })
        $live.Summary | Should -Be $ref.Summary
    }

    It 'makes TargetRole and TrustPolicy Unknown naming iam:GetRole when GetRole is denied (<Name>)' -ForEach @(
        @{ Name = 'Bob -> Alice'; Source = 'arn:aws:iam::111111111111:user/Bob'; Role = 'arn:aws:iam::222222222222:role/Alice' }
        @{ Name = 'Carol -> Alice'; Source = 'arn:aws:iam::111111111111:user/Carol'; Role = 'arn:aws:iam::222222222222:role/Alice' }
        @{ Name = 'ci-runner -> ci/Deploy'; Source = 'arn:aws:iam::111111111111:role/ci/ci-runner'; Role = 'arn:aws:iam::222222222222:role/ci/Deploy' }
    ) {
        $Fake.InjectAccessDenied('GetRole')
        $live = @(Invoke-Live $Source $Role -ErrorAction SilentlyContinue)
        $s = Get-Status $live
        foreach ($check in 'TargetRole', 'TrustPolicy') {
            $s[$check] | Should -Be 'Unknown'
            ($live | Where-Object Check -EQ $check).Summary | Should -Match 'iam:GetRole'
        }
        Assert-NoFalsePass $live $Baseline["$Source $Role"]
    }

    It 'makes ServiceControlPolicy and ResourceControlPolicy Unknown when ListPoliciesForTarget is denied' {
        $Fake.InjectAccessDenied('ListPoliciesForTarget')
        foreach ($pair in @(@($Bob, $Alice), @($CiRunner, $Deploy))) {
            $live = @(Invoke-Live $pair[0] $pair[1] -ErrorAction SilentlyContinue)
            $s = Get-Status $live
            $s['ServiceControlPolicy'] | Should -Be 'Unknown'
            $s['ResourceControlPolicy'] | Should -Be 'Unknown'
            ($live | Where-Object Check -EQ 'ServiceControlPolicy').Summary | Should -Match 'ListPoliciesForTarget'
            Assert-NoFalsePass $live $Baseline["$($pair[0]) $($pair[1])"]
        }
    }

    It 'makes the role''s checks Unknown when GetRole fails with 5xx beyond the retries' {
        $before = @($Fake.Requests | Where-Object { $_.Operation -eq 'GetRole' -and $_.Status -eq 500 }).Count
        $Fake.InjectServerError('GetRole', 1000)
        $live = @(Invoke-Live $Bob $Alice -ErrorAction SilentlyContinue)
        $s = Get-Status $live
        $s['TargetRole'] | Should -Be 'Unknown'
        $s['TrustPolicy'] | Should -Be 'Unknown'
        @($Fake.Requests | Where-Object { $_.Operation -eq 'GetRole' -and $_.Status -eq 500 }).Count | Should -BeGreaterOrEqual ($before + 3)
        Assert-NoFalsePass $live $Baseline["$Bob $Alice"]
    }

    It 'never passes a check the no-fault run fails, whatever single operation is denied (<Operation>)' -ForEach @(
        @{ Operation = 'GetUser' }, @{ Operation = 'ListGroupsForUser' }, @{ Operation = 'GetPolicyVersion' }, @{ Operation = 'ListAttachedGroupPolicies' },
        @{ Operation = 'GetRolePolicy' }, @{ Operation = 'ListParents' }, @{ Operation = 'DescribePolicy' }
    ) {
        $Fake.InjectAccessDenied($Operation)
        foreach ($key in $Baseline.Keys) {
            $source, $role = $key -split ' '
            $live = @(Invoke-Live $source $role -ErrorAction SilentlyContinue)
            $live | Should -HaveCount 16
            Assert-NoFalsePass $live $Baseline[$key]
        }
        @($Fake.Requests | Where-Object { $_.Operation -eq $Operation -and $_.Status -in 400, 403 }) | Should -Not -HaveCount 0
    }
}

Describe 'Which credentials read which account' {
    It '-TargetCredential serves the account it belongs to: Bob asking about ci/Deploy -> Alice (both in 222222222222) reads both with it' {
        $live = @(Test-AssumeRolePath -SourceArn $Deploy -RoleArn $Alice -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey `
                -TargetCredential $TargetCredential -OrganizationCredential $OrgCredential -Region us-east-1 -EndpointUrl $Fake.Url)
        $snap = Get-Status (Get-SnapshotCheck $Deploy $Alice)
        $s = Get-Status $live
        $s['SourcePrincipal'] | Should -Be 'Pass'
        $s['TargetRole'] | Should -Be 'Pass'
        foreach ($check in $snap.Keys | Where-Object { $_ -notin 'CallerIdentity', 'StsEndpoint' }) { $s[$check] | Should -Be $snap[$check] -Because $check }
        $s['CallerIdentity'] | Should -Be 'Fail' -Because "Bob's keys are not the source's"
    }

    It 'reads each account with the profile -AccountProfileName names for it, from the management account''s administrator' {
        $live = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -AccessKey $Keys.Org.AccessKey -SecretKey $Keys.Org.SecretKey `
                -AccountProfileName @{ '111111111111' = 'bob'; '222222222222' = 'target' } -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url)
        $snap = Get-Status (Get-SnapshotCheck $Bob $Alice)
        $s = Get-Status $live
        foreach ($check in $snap.Keys | Where-Object { $_ -notin 'CallerIdentity', 'StsEndpoint' }) { $s[$check] | Should -Be $snap[$check] -Because $check }
        @(Get-CallerRequest $Keys.Target.AccessKey | Where-Object { $_.Operation -eq 'GetRole' -and $_.Parameters['RoleName'] -eq 'Alice' }) | Should -Not -HaveCount 0
    }

    It 'assumes -AuditRoleName once in each account it reads and gives the snapshot''s answer, for Test-AssumeRolePath and Get-RoleTrustGap' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $rows = Import-Csv (Join-Path $Example 'expected-paths.csv')
        $run = Invoke-Bounded {
            param($rows, $ak, $sk, $url)
            $rows | Get-RoleTrustGap -AccessKey $ak -SecretKey $sk -AuditRoleName OrganizationAccountAccessRole -Region us-east-1 -EndpointUrl $url
        } -ArgumentList $rows, $Keys.Org.AccessKey, $Keys.Org.SecretKey, $Fake.Url
        $run.Errors | Should -HaveCount 0
        $snap = @($rows | Get-RoleTrustGap -Snapshot $Example)
        # The caller is not the source (CallerIdentity is live-only); every other gap is the snapshot's.
        @($run.Output | Where-Object Check -NE 'CallerIdentity' | ForEach-Object { "$($_.Source) $($_.Role) $($_.Check) $($_.Status)" }) |
            Should -Be @($snap | ForEach-Object { "$($_.Source) $($_.Role) $($_.Check) $($_.Status)" })
        $assumed = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
        $script:ReadingAssumeRoleCalls += $assumed.Count
        @($assumed.Parameters.RoleArn | Sort-Object) | Should -Be @('arn:aws:iam::111111111111:role/OrganizationAccountAccessRole', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole')
        @($assumed.Parameters.RoleSessionName | Select-Object -Unique) | Should -Be 'RoleTrust'
    }

    It 'reads each entity once for a whole pipeline: Import-Csv expected-paths.csv | Get-RoleTrustGap' {
        $before = $Fake.Requests.Count
        $rows = Import-Csv (Join-Path $Example 'expected-paths.csv')
        $run = Invoke-Bounded {
            param($rows, $ak, $sk, $target, $org, $url)
            $rows | Get-RoleTrustGap -AccessKey $ak -SecretKey $sk -TargetCredential $target -OrganizationCredential $org -Region us-east-1 -EndpointUrl $url
        } -ArgumentList $rows, $Keys.Bob.AccessKey, $Keys.Bob.SecretKey, $TargetCredential, $OrgCredential, $Fake.Url
        $run.Errors | Should -HaveCount 0
        $made = @($Fake.Requests | Select-Object -Skip $before)
        $twice = @($made | Group-Object { "$($_.Headers['Authorization'] -replace '^.*Credential=([^/]+)/.*$', '$1') $($_.Operation) $(($_.Parameters.GetEnumerator() | Where-Object Key -NotIn 'Action', 'Version' | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '&') $($_.Body)" } |
                Where-Object Count -GT 1 | ForEach-Object { "$($_.Name) x$($_.Count)" })
        $twice | Should -HaveCount 0 -Because "each read is made once per command: $($twice -join '; ')"
        @($made | Where-Object { $_.Operation -eq 'GetRole' -and $_.Parameters['RoleName'] -eq 'Alice' }) | Should -HaveCount 1
        @($made | Where-Object Operation -EQ 'GetCallerIdentity') | Should -HaveCount 3 -Because 'one per set of credentials: the caller''s, -TargetCredential, -OrganizationCredential'
    }

    It 'ends at once with the source''s checks Unknown when no credentials can read its account' {
        $run = Invoke-Bounded {
            param($source, $role, $ak, $sk, $url)
            Test-AssumeRolePath -SourceArn $source -RoleArn $role -AccessKey $ak -SecretKey $sk -Region us-east-1 -EndpointUrl $url
        } -ArgumentList $Deploy, $Alice, $Keys.Bob.AccessKey, $Keys.Bob.SecretKey, $Fake.Url -Seconds 20
        $run.Elapsed.TotalSeconds | Should -BeLessThan 10
        $s = Get-Status $run.Output
        $s['SourcePrincipal'] | Should -Be 'Unknown'
        ($run.Output | Where-Object Check -EQ 'SourcePrincipal').Summary | Should -Match 'no credentials given can read account 222222222222'
    }
}

Describe 'Network, region and credential problems have their own ErrorIds' {
    BeforeAll {
        $script:Readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
        $script:ClosedPort = & { $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p }
        $script:BobKeys = @{ AccessKey = $Keys.Bob.AccessKey; SecretKey = $Keys.Bob.SecretKey }
        function script:Get-Failure { param([scriptblock] $Script) try { & $Script; $null } catch { $_ } }
    }

    It 'stops with InvalidRegion for a name that is no region, before any call' {
        $before = $Fake.Requests.Count
        $e = Get-Failure { Test-AssumeRolePath -RoleArn $Alice @BobKeys -Region 'us east 1' -EndpointUrl $Fake.Url }
        $e.FullyQualifiedErrorId | Should -Be "InvalidRegion,$CommandClass"
        $e.Exception.Message | Should -Match "'us east 1' is not an AWS region name"
        $Fake.Requests.Count | Should -Be $before
        $Readme | Should -Match '`InvalidRegion`'
    }

    It 'warns about a region the SDK does not know, and goes on' {
        $c = @(Test-AssumeRolePath -RoleArn $Alice @BobKeys -Region xx-fake-9 -EndpointUrl $Fake.Url -WarningVariable w -WarningAction SilentlyContinue)
        "$w" | Should -Match "Region 'xx-fake-9' is not known to the AWS SDK"
        (Get-Status $c)['CallerIdentity'] | Should -Be 'Pass'
    }

    It 'stops with InvalidEndpointUrl for an -EndpointUrl or AWS_ENDPOINT_URL_STS that is not a URL' {
        $e = Get-Failure { Test-AssumeRolePath -RoleArn $Alice @BobKeys -Region us-east-1 -EndpointUrl 'not a url' }
        $e.FullyQualifiedErrorId | Should -Be "InvalidEndpointUrl,$CommandClass"
        $saved = $env:AWS_ENDPOINT_URL_STS
        try {
            $env:AWS_ENDPOINT_URL_STS = 'bad::url'
            $e = Get-Failure { Test-AssumeRolePath -RoleArn $Alice @BobKeys -Region us-east-1 }
            $e.FullyQualifiedErrorId | Should -Be "InvalidEndpointUrl,$CommandClass"
            $e.Exception.Message | Should -Match 'AWS_ENDPOINT_URL_STS'
        } finally { $env:AWS_ENDPOINT_URL_STS = $saved }
        $Readme | Should -Match '`InvalidEndpointUrl`'
    }

    It 'writes EndpointUnreachable naming the service and operation, and still writes the checks, Unknown' {
        $run = Invoke-Bounded {
            param($source, $role, $ak, $sk, $url)
            Test-AssumeRolePath -SourceArn $source -RoleArn $role -AccessKey $ak -SecretKey $sk -Region us-east-1 -EndpointUrl $url
        } -ArgumentList $Bob, $Alice, $Keys.Bob.AccessKey, $Keys.Bob.SecretKey, "http://127.0.0.1:$ClosedPort/" -Seconds 60
        $run.Output | Should -HaveCount 16
        foreach ($check in 'CallerIdentity', 'SourcePrincipal', 'TargetRole', 'ServiceControlPolicy', 'TrustPolicy') { (Get-Status $run.Output)[$check] | Should -Be 'Unknown' -Because $check }
        $ids = @($run.Errors | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*$', '' } | Select-Object -Unique)
        $ids | Should -Be @('EndpointUnreachable')
        ($run.Errors | ForEach-Object { $_.Exception.Message }) -join "`n" | Should -Match 'sts:GetCallerIdentity could not reach http://127.0.0.1:'
        ($run.Errors | ForEach-Object { $_.Exception.Message }) -join "`n" | Should -Not -Match 'HttpRequestException|System\.'
        $Readme | Should -Match '`EndpointUnreachable`'
    }

    It 'stops with SsoLoginRequired naming aws sso login for an SSO profile without a token, and CredentialProcessFailed for a failing credential_process' {
        $e = Get-Failure { Test-AssumeRolePath -RoleArn $Alice -ProfileName sso -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url }
        $e.FullyQualifiedErrorId | Should -Be "SsoLoginRequired,$CommandClass"
        $e.Exception.Message | Should -Match "aws sso login --profile sso"
        $e.Exception.Message | Should -Not -Match 'SourceArn'
        $e = Get-Failure { Test-AssumeRolePath -RoleArn $Alice -ProfileName proc -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url }
        $e.FullyQualifiedErrorId | Should -Be "CredentialProcessFailed,$CommandClass"
        foreach ($id in 'SsoLoginRequired', 'CredentialProcessFailed', 'AssumeRoleProfileFailed') { $Readme | Should -Match "``$id``" }
    }

    It 'resolves an assume-role profile through the endpoint override: its sts:AssumeRole reaches the fake (-EndpointUrl, then AWS_ENDPOINT_URL)' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $c = @(Test-AssumeRolePath -RoleArn $Deploy -ProfileName ci-from-bob -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url)
        ($c | Where-Object Check -EQ 'CallerIdentity').Summary | Should -Match 'assumed-role/ci-runner/ci-from-bob'
        $saved = $env:AWS_ENDPOINT_URL
        try {
            $env:AWS_ENDPOINT_URL = $Fake.Url
            $c = @(Test-AssumeRolePath -RoleArn $Deploy -ProfileName ci-from-bob -ProfileLocation $CredentialsFile -Region us-east-1)
            ($c | Where-Object Check -EQ 'CallerIdentity').GetStatus().ToString() | Should -Be 'Pass'
        } finally { $env:AWS_ENDPOINT_URL = $saved }
        $assumed = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
        $script:ReadingAssumeRoleCalls += $assumed.Count
        $assumed | Should -HaveCount 2
        $assumed | ForEach-Object { $_.Headers['Authorization'] | Should -Match "Credential=$($Keys.Bob.AccessKey)/" }
    }

    It 'stops with AssumeRoleProfileFailed when the profile''s role refuses' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $Fake.InjectError('AssumeRole', 403, 'AccessDenied', "User: $Bob is not authorized to perform: sts:AssumeRole on resource: $CiRunner")
        try { $e = Get-Failure { Test-AssumeRolePath -RoleArn $Deploy -ProfileName ci-from-bob -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url } }
        finally { $Fake.ClearFaults() }
        $script:ReadingAssumeRoleCalls += @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before).Count
        $e.FullyQualifiedErrorId | Should -Be "AssumeRoleProfileFailed,$CommandClass"
        $e.Exception.Message | Should -Match "Profile 'ci-from-bob' could not assume"
    }
}

Describe 'Secrets never appear in any output stream' {
    It 'keeps secret keys and session tokens out of output, verbose, debug, warnings, errors and Format-List *' {
        $Error.Clear()
        $records = [System.Collections.Generic.List[object]]::new()
        $common = @{ Verbose = $true; Debug = $true; ErrorAction = 'Continue'; WarningAction = 'Continue' }
        & {
            Invoke-Live $Bob $Alice -Extra $common
            Invoke-Live $CiRunner $Deploy -Extra $common
            Invoke-Live $Carol $Alice -NoTarget -Extra $common
            Invoke-Live $Bob $Alice -Command Get-RoleTrustGap -Extra $common
            Test-AssumeRolePath -RoleArn $Alice -ProfileName bob -ProfileLocation $CredentialsFile -TargetProfileName target -OrganizationProfileName org -Region us-east-1 -EndpointUrl $Fake.Url @common
            Test-AssumeRolePath -RoleArn $Alice -AccessKey $Keys.Root.AccessKey -SecretKey $Keys.Root.SecretKey -Region us-east-1 -EndpointUrl $Fake.Url @common
            # Someone else's token with Bob's key: AWS rejects it, and the error must not echo it.
            Test-AssumeRolePath -RoleArn $Alice -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey -SessionToken $Keys.Ci.SessionToken -Region us-east-1 -EndpointUrl $Fake.Url @common
            try { Test-AssumeRolePath -RoleArn $Alice -ProfileName missing -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url @common } catch { $_ }
            $StoredAWSCredentials = [Amazon.Runtime.SessionAWSCredentials]::new($Keys.Ci.AccessKey, $Keys.Ci.SecretKey, $Keys.Ci.SessionToken)
            Test-AssumeRolePath -RoleArn $Deploy -TargetCredential $TargetCredential -Region us-east-1 -EndpointUrl $Fake.Url @common
            $Fake.InjectAccessDenied('GetRole')
            try { Invoke-Live $Bob $Alice -Extra $common } finally { $Fake.ClearFaults() }
            # Profiles per account, an audit role's sessions and an assume-role profile's session: their secrets stay out too.
            Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -AccessKey $Keys.Org.AccessKey -SecretKey $Keys.Org.SecretKey -AccountProfileName @{ '111111111111' = 'bob'; '222222222222' = 'target' } `
                -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url @common
            $n = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
            Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -AccessKey $Keys.Org.AccessKey -SecretKey $Keys.Org.SecretKey -AuditRoleName OrganizationAccountAccessRole `
                -Region us-east-1 -EndpointUrl $Fake.Url @common
            Test-AssumeRolePath -RoleArn $Deploy -ProfileName ci-from-bob -ProfileLocation $CredentialsFile -Region us-east-1 -EndpointUrl $Fake.Url @common
            $script:ReadingAssumeRoleCalls += @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count - $n
        } *>&1 | ForEach-Object { $records.Add($_) }

        $records.Where({ $_ -is [System.Management.Automation.DebugRecord] }) | Should -Not -HaveCount 0
        $records.Where({ $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -HaveCount 0
        $records.Where({ $_ -is [RoleTrust.PathCheck] }).Count | Should -BeGreaterOrEqual 90
        # The verbose story names the credentials by profile and parameter name (which is why no secret may be in it).
        $verbose = ($records.Where({ $_ -is [System.Management.Automation.VerboseRecord] }) | ForEach-Object Message) -join "`n"
        $verbose | Should -Match "Data: live AWS, region us-east-1\. Caller: profile 'bob'"
        $verbose | Should -Match "The role's account: -TargetProfileName 'target'\. The organization: -OrganizationProfileName 'org'"
        $verbose | Should -Match "Accounts by profile: 111111111111 'bob', 222222222222 'target'"
        $verbose | Should -Match 'Other accounts: the role OrganizationAccountAccessRole assumed in each'

        $text = [System.Text.StringBuilder]::new()
        foreach ($r in @($records) + @($Error)) {
            if ($r -is [System.Management.Automation.ErrorRecord]) {
                $null = $text.AppendLine($r.ToString()).AppendLine($r.FullyQualifiedErrorId).AppendLine("$($r.ErrorDetails)").AppendLine(($r.TargetObject | Out-String))
                for ($e = $r.Exception; $e; $e = $e.InnerException) { $null = $text.AppendLine($e.ToString()).AppendLine(($e | Format-List * -Force | Out-String -Width 4096)) }
            } elseif ($r -is [System.Management.Automation.InformationalRecord]) {
                $null = $text.AppendLine($r.Message)
            } else {
                $null = $text.AppendLine(($r | Format-List * -Force | Out-String -Width 4096))
            }
        }
        $null = $text.AppendLine((Invoke-Live $Bob $Alice -Command Get-RoleTrustGap | Format-List * | Out-String -Width 4096))
        $null = $text.AppendLine((Invoke-Live $Carol $Alice -NoTarget -Command Get-RoleTrustGap | Format-List * | Out-String -Width 4096))
        $all = $text.ToString()

        # The capture is real: it holds the access key ids (masked or not), the caller ARNs and the AWS error codes.
        $all | Should -Match ([regex]::Escape($Bob))
        $all | Should -Match 'ProfileNotFound'
        $all | Should -Match 'iam:GetRole'
        foreach ($secret in $Secrets) {
            $all.Contains($secret) | Should -BeFalse -Because "the secret '$($secret.Substring(0, 8))...' must not be written anywhere"
        }
        # The sessions the fake handed out (audit role, assume-role profile) have secrets too.
        $all | Should -Not -Match 'fakeAssumedSecretKeyDoNotLeak|FakeAssumedSessionTokenDoNotLeak'
    }
}

Describe 'Test-AssumeRolePath -Probe' {
    It 'makes no AssumeRole call before the probe tests but those assuming a role only to read' {
        $ReadingAssumeRoleCalls | Should -BeGreaterThan 0
        @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole') | Should -HaveCount $ReadingAssumeRoleCalls
    }

    It 'calls AssumeRole once for an open path and agrees (ci-runner -> ci/Deploy)' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $out = @(Invoke-Live $CiRunner $Deploy -Extra @{ Probe = $true; Verbose = $true; Debug = $true } *>&1)
        $calls = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
        $calls | Should -HaveCount 1
        $script:ProbeAssumeRoleCalls += $calls.Count
        $calls[0].Parameters['RoleArn'] | Should -Be $Deploy
        $calls[0].Parameters['DurationSeconds'] | Should -Be '900'
        $calls[0].Headers['Authorization'] | Should -Match "Credential=$($Keys.Ci.AccessKey)/"

        $checks = @($out | Where-Object { $_ -is [RoleTrust.PathCheck] })
        $checks | Should -HaveCount 16
        $probe = @($out | Where-Object { $_ -is [RoleTrust.ProbeOutcome] })
        $probe | Should -HaveCount 1
        $probe[0].PSObject.TypeNames[0] | Should -Be 'RoleTrust.ProbeOutcome'
        $probe[0].Source | Should -Be $CiRunner
        $probe[0].Role | Should -Be $Deploy
        $probe[0].PredictedOpen | Should -BeTrue
        $probe[0].Succeeded | Should -BeTrue
        $probe[0].Result | Should -Be 'Succeeded'
        $probe[0].Agrees | Should -BeTrue
        @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) | Should -HaveCount 0
        # The credentials AssumeRole returned are discarded, never shown.
        $text = ($out | ForEach-Object { if ($_ -is [System.Management.Automation.InformationalRecord]) { $_.Message } else { $_ | Format-List * -Force | Out-String -Width 4096 } }) -join "`n"
        $text | Should -Not -Match 'fakeAssumedSecretKeyDoNotLeak|FakeAssumedSessionTokenDoNotLeak|ASIAFAKEASSUMED'
    }

    It 'reports a blocked path the fake lets through as disagreeing, with a warning (Bob -> Alice)' {
        # The fake answers AssumeRole for every existing role without evaluating policies, so the real call succeeds.
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $out = @(Invoke-Live $Bob $Alice -Extra @{ Probe = $true } 3>&1)
        $w = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $calls = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
        $calls | Should -HaveCount 1
        $script:ProbeAssumeRoleCalls += $calls.Count
        $probe = @($out | Where-Object { $_ -is [RoleTrust.ProbeOutcome] })
        $probe | Should -HaveCount 1
        $probe[0].PredictedOpen | Should -BeFalse
        $probe[0].Succeeded | Should -BeTrue
        $probe[0].Result | Should -Be 'Succeeded'
        $probe[0].Agrees | Should -BeFalse
        $w | Should -HaveCount 1
        "$($w[0])" | Should -Match 'succeeded but RoleTrust predicted the path blocked'
    }

    It 'reports a refused AssumeRole as Succeeded $false with the AWS code, agreeing with a blocked prediction' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $Fake.InjectError('AssumeRole', 403, 'AccessDenied', "User: $Carol is not authorized to perform: sts:AssumeRole on resource: $Alice")
        try { $out = @(Invoke-Live $Carol $Alice -Extra @{ Probe = $true } 3>&1) } finally { $Fake.ClearFaults() }
        $w = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $calls = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
        $calls | Should -HaveCount 1
        $script:ProbeAssumeRoleCalls += $calls.Count
        $probe = @($out | Where-Object { $_ -is [RoleTrust.ProbeOutcome] })
        $probe[0].PredictedOpen | Should -BeFalse
        $probe[0].Succeeded | Should -BeFalse
        $probe[0].Result | Should -Be 'AccessDenied'
        $probe[0].Message | Should -Match 'not authorized'
        $probe[0].Agrees | Should -BeTrue
        $w | Should -HaveCount 0
    }

    It 'skips the call with a warning when the credentials are not the source''s' {
        $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
        $out = @(Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -AccessKey $Keys.Bob.AccessKey -SecretKey $Keys.Bob.SecretKey -Region us-east-1 -EndpointUrl $Fake.Url `
                -Probe -WarningVariable w -WarningAction SilentlyContinue)
        @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count | Should -Be $before
        @($out | Where-Object { $_ -is [RoleTrust.ProbeOutcome] }) | Should -HaveCount 0
        "$($w[0])" | Should -Match '-Probe skipped'
    }

    It 'refuses -Probe with -Snapshot (ProbeNeedsLive)' {
        { Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Example -Probe } | Should -Throw -ErrorId "ProbeNeedsLive,$CommandClass"
    }
}

Describe 'Get-RoleTrustRequiredPermission covers what live mode calls' {
    BeforeAll {
        $script:Permissions = @(Get-RoleTrustRequiredPermission)
        function script:Get-AllowedAction {
            param([object[]] $Permission)
            foreach ($p in $Permission) {
                $doc = $p.PolicyDocument | ConvertFrom-Json -ErrorAction Stop
                foreach ($st in @($doc.Statement)) { if ($st.Effect -eq 'Allow') { @($st.Action) } }
            }
        }
    }

    It 'writes valid JSON policy documents (Version 2012-10-17, Allow statements with actions)' {
        $Permissions.Scope | Should -Be @('CallerAccount', 'TargetAccount', 'Organization')
        foreach ($p in @(Get-RoleTrustRequiredPermission -Scope All)) {
            $p.PolicyName | Should -Not -BeNullOrEmpty
            $doc = $p.PolicyDocument | ConvertFrom-Json -ErrorAction Stop
            $doc.Version | Should -Be '2012-10-17'
            foreach ($st in @($doc.Statement)) {
                $st.Effect | Should -Be 'Allow'
                @($st.Action) | Should -Not -HaveCount 0
                foreach ($a in @($st.Action)) { $a | Should -Match '^(iam|organizations|sts):[A-Za-z*]+$' }
                $st.Resource | Should -Be '*'
            }
        }
    }

    It 'allows every IAM and Organizations operation the fake saw from the live tests (Diagnose scope)' {
        $allowed = @(Get-AllowedAction $Permissions)
        $used = @($Fake.Requests | Where-Object { $_.Service -in 'iam', 'organizations' -and $_.SignatureValid } |
                ForEach-Object { "$($_.Service):$($_.Operation)" } | Sort-Object -Unique)
        $used | Should -Contain 'iam:GetRole'
        $used | Should -Contain 'organizations:ListPoliciesForTarget'
        $missing = @($used | Where-Object { $op = $_; -not ($allowed | Where-Object { $op -like $_ }) })
        $missing | Should -HaveCount 0 -Because "these were called but are not in Get-RoleTrustRequiredPermission: $($missing -join ', ')"
    }
}

Describe 'Live mode is read-only' {
    It 'made only Get*/List*/Describe*/GetCallerIdentity calls in this file, plus AssumeRole for -Probe and for roles assumed only to read (AssumeRoleWithWebIdentity for a web identity caller)' {
        $requests = @($Fake.Requests)
        $requests.Count | Should -BeGreaterThan 100
        $writes = @($requests | Where-Object { $_.Operation -notmatch '^(Get|List|Describe)' -and $_.Operation -notin 'AssumeRole', 'AssumeRoleWithWebIdentity' })
        $writes | Should -HaveCount 0 -Because "not reads: $(($writes | ForEach-Object { "$($_.Service):$($_.Operation)" } | Sort-Object -Unique) -join ', ')"
        @($requests | Where-Object Operation -EQ 'AssumeRole') | Should -HaveCount ($ProbeAssumeRoleCalls + $ReadingAssumeRoleCalls)
        $ProbeAssumeRoleCalls | Should -Be 3
        @($requests | Where-Object Operation -EQ 'AssumeRoleWithWebIdentity') | Should -HaveCount 1
        @($requests | Where-Object Operation -EQ 'GetCallerIdentity') | Should -Not -HaveCount 0
    }
}
