#Requires -Version 7.0
# Live mode through the cmdlet users run, in every credential layout, over every scenario fixture
# (tests/RoleTrust.Paths.Tests/fixtures/* and examples/bob-alice), against the local fake AWS serving the fixture:
# each check is the snapshot's answer, or Unknown with a reason (data the credentials given cannot read), never
# another Pass or Fail. Every path of a fixture goes through one pipeline, bounded in time, so a hang fails fast.

BeforeDiscovery {
    $root = Join-Path $PSScriptRoot '../..'
    $script:Fixtures = @(Get-ChildItem (Join-Path $root 'tests/RoleTrust.Paths.Tests/fixtures') -Directory | ForEach-Object { @{ Name = $_.Name; Folder = $_.FullName } }) +
        @(@{ Name = 'bob-alice'; Folder = (Resolve-Path (Join-Path $root 'examples/bob-alice')).Path })
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    # The catalogue's length, from the module itself: one check per CheckName.
    $script:CheckCount = [Enum]::GetNames([RoleTrust.CheckName]).Count
    $null = (Get-Command Test-AssumeRolePath).Parameters['Credential'].ParameterType   # loads AWSSDK.Core
    $fakeDll = $env:ROLETRUST_FAKEAWS
    if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
    Add-Type -Path $fakeDll
    $script:ModulePath = (Get-Module RoleTrust).Path -replace 'RoleTrust.dll$', 'RoleTrust.psd1'
    $script:NoData = '444444444444'     # an account with no data and no credentials
    $script:Outsider = '555555555555'   # an administrator's account outside every fixture's organization

    # Every source of the fixture against every role, plus the pipeline-bound request values the scenarios use.
    function script:Get-PathRow {
        param([string] $Folder, [string] $Name)
        $sources = [System.Collections.Generic.List[string]]::new(); $roles = [System.Collections.Generic.List[string]]::new()
        foreach ($file in Get-ChildItem (Join-Path $Folder 'accounts') -Filter *.json | Sort-Object Name) {
            $data = Get-Content $file.FullName -Raw | ConvertFrom-Json
            foreach ($u in @($data.UserDetailList)) { if ($u) { $sources.Add($u.Arn) } }
            foreach ($r in @($data.RoleDetailList)) {
                if (-not $r) { continue }
                $roles.Add($r.Arn); $sources.Add($r.Arn); $sources.Add("arn:aws:sts::$($file.BaseName):assumed-role/$($r.RoleName)/ops")
            }
        }
        if ($roles.Count -gt 0) {
            $first = $roles[0]; $account = $first.Split(':')[4]; $roleName = $first.Substring($first.LastIndexOf('/') + 1)
            $roles.Add("arn:aws:iam::${account}:role/$($roleName.ToLowerInvariant())")   # TargetRole names the real one (ListRoles)
            $roles.Add("arn:aws:iam::${account}:role/DoesNotExist")
        }
        $roles.Add("arn:aws:iam::${NoData}:role/Anything"); $sources.Add("arn:aws:iam::${NoData}:user/Nobody"); $sources.Add('arn:aws:iam::111111111111:root')
        foreach ($s in $sources) { foreach ($r in $roles) { [pscustomobject]@{ SourceArn = $s; RoleArn = $r } } }
        switch ($Name) {
            'cross-account' {
                [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:user/Carol'; RoleArn = 'arn:aws:iam::222222222222:role/Vendor'; ExternalId = 'Ext-1234' }
                [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:role/Deployer'; RoleArn = 'arn:aws:iam::222222222222:role/AliceAccount'; DurationSeconds = 7200 }
                [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:user/Carol'; RoleArn = 'arn:aws:iam::222222222222:role/AliceAccount'; DurationSeconds = 43200 }
                [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:user/Carol'; RoleArn = 'arn:aws:iam::222222222222:role/AliceAccount'; RoleSessionName = 'team/alice' }
            }
            { $_ -in 'same-account', 'no-org' } {
                [pscustomobject]@{ SourceArn = 'arn:aws:sts::111111111111:assumed-role/Chainer/ops'; RoleArn = 'arn:aws:iam::111111111111:role/SourceIdRole'; SourceIdentity = 'alice' }
                [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:user/Hank'; RoleArn = 'arn:aws:iam::111111111111:role/NoMax'; DurationSeconds = 7200 }
            }
        }
    }

    # The live result may differ from the snapshot's only by being Unknown with a reason (when some data cannot be read),
    # or by telling what the snapshot cannot (no organization data: AWS says whether the account is in one).
    function script:Compare-Path {
        param([object[]] $Snapshot, [object[]] $Live, [bool] $UnknownAllowed)
        for ($i = 0; $i -lt $CheckCount; $i++) {
            $s = $Snapshot[$i]; $l = $Live[$i]
            if ($s.Check -ne $l.Check) { "check $i is $($l.Check) live, $($s.Check) on the snapshot"; continue }
            if ($s.Check -in 'CallerIdentity', 'StsEndpoint') { continue }   # live-only
            if ($l.Status -eq $s.Status) {
                if (-not $UnknownAllowed -and $s.Status -eq 'Fail' -and $l.Summary -ne $s.Summary) { "$($s.Check) Fail: '$($l.Summary)' live, '$($s.Summary)' on the snapshot" }
                continue
            }
            if ($l.Status -eq 'Unknown' -and $UnknownAllowed) {
                if (-not $l.Summary -or -not $l.Fix) { "$($s.Check) Unknown without a reason and a remedy" }
                continue
            }
            if ($s.Check -in 'ServiceControlPolicy', 'ResourceControlPolicy' -and $s.Status -eq 'Unknown' -and $l.Status -in 'NotApplicable', 'Pass') { continue }
            "$($s.Check): $($l.Status) live ($($l.Summary)), $($s.Status) on the snapshot"
        }
    }

    # One pipeline of rows through Test-AssumeRolePath in its own runspace, failing if it takes longer than $Seconds.
    function script:Invoke-LivePipeline {
        param([object[]] $Rows, [hashtable] $Parameters, [int] $Seconds = 120)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModulePath' -ErrorAction Stop").AddStatement()
            $null = $ps.AddScript('param($rows, $p) $rows | Test-AssumeRolePath @p').AddArgument($Rows).AddArgument($Parameters)
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($Seconds))) { $ps.Stop(); throw "the pipeline did not finish within $Seconds s" }
            [pscustomobject]@{ Checks = @($ps.EndInvoke($async)); Errors = @($ps.Streams.Error); Elapsed = $watch.Elapsed }
        } finally { $ps.Dispose() }
    }

    function script:Secret { param([string] $AccessKey) "secret/$AccessKey/K7MDENG+bPxRfiCYEXAMPLE" }
}

Describe 'Live equals the snapshot or says Unknown, in every credential layout (<Name>)' -ForEach $Fixtures {
    BeforeAll {
        $script:Fake = [RoleTrust.Testing.FakeAws]::new($Folder)
        $Fake.RolesInEveryAccount.Add('OrganizationAccountAccessRole')
        $script:Rows = @(Get-PathRow $Folder $Name)
        $script:Accounts = @(Get-ChildItem (Join-Path $Folder 'accounts') -Filter *.json | ForEach-Object BaseName | Sort-Object)
        $orgFile = Join-Path $Folder 'organization.json'
        $script:Management = if (Test-Path $orgFile) { (Get-Content $orgFile -Raw | ConvertFrom-Json).Organization.ManagementAccountId } else { $null }

        # A reader in every account of the fixture (and the management account), as profiles in a credentials file.
        $script:AccountKeys = @{}
        $profiles = [System.Text.StringBuilder]::new()
        foreach ($a in @($Accounts) + @($Management) | Where-Object { $_ } | Select-Object -Unique) {
            $k = "AKIDREAD$a"; $AccountKeys[$a] = $k
            $Fake.AddKey($k, (Secret $k), [NullString]::Value, "arn:aws:iam::${a}:user/reader")
            $null = $profiles.AppendLine("[read-$a]").AppendLine("aws_access_key_id = $k").AppendLine("aws_secret_access_key = $(Secret $k)").AppendLine()
        }
        $script:ProfileFile = Join-Path $TestDrive "credentials-$Name"
        Set-Content $ProfileFile $profiles.ToString()
        $script:AllProfiles = @{}; foreach ($a in $Accounts) { $AllProfiles[$a] = "read-$a" }

        # Each source's own keys (a role source's are a session of it), bound per row from the pipeline.
        $i = 0
        $script:SourceKeys = @{}
        foreach ($source in $Rows.SourceArn | Select-Object -Unique) {
            $k = 'AKIDSRC' + ($i++).ToString('D13')
            $arn = $source -replace '^arn:aws:iam::(\d{12}):role/(?:.*/)?([^/]+)$', 'arn:aws:sts::$1:assumed-role/$2/ops'
            $keys = @{ AccessKey = $k; SecretKey = (Secret $k) }
            if ($arn -match ':assumed-role/') { $keys.SessionToken = "token/$k/FwoGZXIvYXdzEXAMPLE" }
            $Fake.AddKey($k, $keys.SecretKey, ($keys.SessionToken ?? [NullString]::Value), $arn)
            $SourceKeys[$source] = $keys
        }

        # An administrator: in the management account when there is one, else in an account of no organization and no data.
        $adminAccount = if ($Management) { $Management } else { $Outsider }
        $script:Admin = 'AKIDADMIN' + $adminAccount
        $Fake.AddKey($Admin, (Secret $Admin), [NullString]::Value, "arn:aws:iam::${adminAccount}:user/admin")
        $script:Common = @{ Region = 'us-east-1'; EndpointUrl = $Fake.Url }
        $script:AdminKeys = @{ AccessKey = $Admin; SecretKey = (Secret $Admin) }

        $script:SnapshotChecks = @($Rows | Test-AssumeRolePath -Snapshot $Folder)
        $SnapshotChecks | Should -HaveCount ($Rows.Count * $CheckCount)

        # Runs the layout and compares every row; returns how many checks were equal and the differences.
        function script:Test-Layout {
            param([object[]] $Rows, [hashtable] $Parameters, [bool] $UnknownAllowed)
            $run = Invoke-LivePipeline $Rows $Parameters
            $run.Errors | Should -HaveCount 0 -Because ($run.Errors | Out-String)
            $run.Checks | Should -HaveCount ($Rows.Count * $CheckCount)
            $equal = 0; $equalDecided = 0
            $diffs = for ($r = 0; $r -lt $Rows.Count; $r++) {
                $snap = $SnapshotChecks[($r * $CheckCount)..($r * $CheckCount + $CheckCount - 1)]; $live = $run.Checks[($r * $CheckCount)..($r * $CheckCount + $CheckCount - 1)]
                $live[0].Source | Should -Be $Rows[$r].SourceArn
                $live[0].Role | Should -Be $Rows[$r].RoleArn
                $involvesNoData = "$($Rows[$r].SourceArn) $($Rows[$r].RoleArn)" -match $NoData
                foreach ($d in Compare-Path $snap $live ($UnknownAllowed -or $involvesNoData)) { "$($Rows[$r].SourceArn) -> $($Rows[$r].RoleArn): $d" }
                for ($c = 0; $c -lt $CheckCount; $c++) {
                    if ($live[$c].Check -in 'CallerIdentity', 'StsEndpoint') { continue }
                    if ($live[$c].Status -eq $snap[$c].Status) { $equal++; if ($snap[$c].Status -in 'Pass', 'Fail') { $equalDecided++ } }
                }
            }
            [pscustomobject]@{ Differences = @($diffs); Equal = $equal; EqualDecided = $equalDecided; Elapsed = $run.Elapsed }
        }
    }
    AfterAll { if ($script:Fake) { $script:Fake.Dispose() } }

    It 'the caller is the source (users, roles and role sessions), every account read with its profile, the organization with the management account''s' {
        $rows = foreach ($row in $Rows) { $k = $SourceKeys[$row.SourceArn]; $o = $row.PSObject.Copy(); $o | Add-Member -NotePropertyMembers $k -PassThru }
        $p = $Common + @{ AccountProfileName = $AllProfiles; ProfileLocation = $ProfileFile }
        if ($Management) { $p.OrganizationProfileName = "read-$Management" }
        $r = Test-Layout $rows $p $false
        $r.Differences | Should -HaveCount 0 -Because ($r.Differences | Select-Object -First 8 | Out-String)
        $r.EqualDecided | Should -BeGreaterThan 20
    }

    It 'an administrator in another account, with no other credentials' {
        $r = Test-Layout $Rows ($Common + $AdminKeys) $true
        $r.Differences | Should -HaveCount 0 -Because ($r.Differences | Select-Object -First 8 | Out-String)
        $r.Equal | Should -BeGreaterThan 0
    }

    It 'an administrator in another account, with -TargetCredential for the role''s account and -OrganizationCredential' {
        $roleAccount = if ($Accounts -contains '222222222222') { '222222222222' } else { $Accounts[0] }
        $target = [Amazon.Runtime.BasicAWSCredentials]::new($AccountKeys[$roleAccount], (Secret $AccountKeys[$roleAccount]))
        $p = $Common + $AdminKeys + @{ TargetCredential = $target }
        if ($Management) { $p.OrganizationCredential = [Amazon.Runtime.BasicAWSCredentials]::new($AccountKeys[$Management], (Secret $AccountKeys[$Management])) }
        $r = Test-Layout $Rows $p $true
        $r.Differences | Should -HaveCount 0 -Because ($r.Differences | Select-Object -First 8 | Out-String)
        $r.EqualDecided | Should -BeGreaterThan 10
    }

    It 'an administrator in another account, reading every account through -AuditRoleName' {
        $r = Test-Layout $Rows ($Common + $AdminKeys + @{ AuditRoleName = 'OrganizationAccountAccessRole' }) $false
        $r.Differences | Should -HaveCount 0 -Because ($r.Differences | Select-Object -First 8 | Out-String)
        $r.EqualDecided | Should -BeGreaterThan 20
        $assumed = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | ForEach-Object { $_.Parameters['RoleArn'] } | Sort-Object)
        # Every account a path reads (a root source reads nothing: it cannot assume roles), except the caller's own.
        $read = @($Rows | ForEach-Object { if ($_.SourceArn -notmatch ':root$') { $_.SourceArn.Split(':')[4] }; $_.RoleArn.Split(':')[4] } |
                Where-Object { $_ -ne $Admin.Substring(9) } | Sort-Object -Unique)
        $assumed | Should -Be @($read | ForEach-Object { "arn:aws:iam::${_}:role/OrganizationAccountAccessRole" }) -Because 'once per account read, never in the caller''s own'
    }

    It 'made only read calls, and AssumeRole only for the audit role' {
        $writes = @($Fake.Requests | Where-Object { $_.Operation -notmatch '^(Get|List|Describe)' -and $_.Operation -ne 'AssumeRole' })
        $writes | Should -HaveCount 0
        @($Fake.Requests | Where-Object { -not $_.SignatureValid }) | Should -HaveCount 0
    }
}
