#Requires -Version 7.0
# Pester 6 tests for Save-RoleTrustSnapshot against the staged module (build.ps1 sets ROLETRUST_MODULE) and the local
# fake AWS endpoint (build.ps1 sets ROLETRUST_FAKEAWS) serving examples/bob-alice: what it collects must answer every
# path exactly as examples/bob-alice does.

BeforeDiscovery {
    $script:PathCases = @(Import-Csv (Join-Path $PSScriptRoot '../../examples/bob-alice/expected-paths.csv') | ForEach-Object {
            @{ SourceArn = $_.SourceArn; RoleArn = $_.RoleArn; Name = "$($_.SourceArn -replace '^.*:', '') -> $($_.RoleArn -replace '^.*:', '')" }
        })
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $null = (Get-Command Save-RoleTrustSnapshot).Parameters['Credential'].ParameterType   # loads AWSSDK.Core
    $fakeDll = $env:ROLETRUST_FAKEAWS
    if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
    Add-Type -Path $fakeDll

    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:CommandClass = 'RoleTrust.Cmdlets.SaveRoleTrustSnapshotCommand'
    $script:Keys = @{
        Bob    = @{ AccessKey = 'AKIAFAKEBOB000000009'; SecretKey = 'bobSAVEsecret/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0091'; Arn = 'arn:aws:iam::111111111111:user/Bob' }
        Target = @{ AccessKey = 'AKIAFAKETARGET000009'; SecretKey = 'targetSAVEsecret/gH6jK8mN0pQ2sT4vX6zB8cD0094'; Arn = 'arn:aws:iam::222222222222:user/RoleTrustReader' }
        Org    = @{ AccessKey = 'AKIAFAKEORGREADER009'; SecretKey = 'orgSAVEsecret/jK7mN9pQ1sT3vX5zB7cD9eF1gH0095'; Arn = 'arn:aws:iam::999999999999:user/OrgReader' }
    }
    # What the fake's AssumeRole hands out (FakeAws.cs); registered so that the audit role's session can read IAM in 222222222222.
    $script:Assumed = @{ AccessKey = 'ASIAFAKEASSUMED00001'; SecretKey = 'fakeAssumedSecretKeyDoNotLeak000000000000'; SessionToken = 'FakeAssumedSessionTokenDoNotLeak'
        Arn = 'arn:aws:sts::222222222222:assumed-role/Alice/RoleTrustSnapshot' }

    $script:Fake = [RoleTrust.Testing.FakeAws]::new($Example)
    foreach ($k in $Keys.Values) { $Fake.AddKey($k.AccessKey, $k.SecretKey, [NullString]::Value, $k.Arn) }
    $Fake.AddKey($Assumed.AccessKey, $Assumed.SecretKey, $Assumed.SessionToken, $Assumed.Arn)
    $script:OrgCredential = [Amazon.Runtime.BasicAWSCredentials]::new($Keys.Org.AccessKey, $Keys.Org.SecretKey)

    $script:CredentialsFile = Join-Path $TestDrive 'credentials'
    @"
[bob]
aws_access_key_id = $($Keys.Bob.AccessKey)
aws_secret_access_key = $($Keys.Bob.SecretKey)

[target]
aws_access_key_id = $($Keys.Target.AccessKey)
aws_secret_access_key = $($Keys.Target.SecretKey)
"@ | Set-Content $CredentialsFile

    $script:AuditAssumeRoleCalls = 0
    $script:Caller = @{ AccessKey = $Keys.Bob.AccessKey; SecretKey = $Keys.Bob.SecretKey; Region = 'us-east-1'; EndpointUrl = $Fake.Url }

    function script:Get-PathStatus {
        param([object] $Snapshot, [string] $SourceArn, [string] $RoleArn, [hashtable] $Extra = @{})
        Test-AssumeRolePath -SourceArn $SourceArn -RoleArn $RoleArn -Snapshot $Snapshot @Extra | ForEach-Object { "$($_.Check)=$($_.Status)" }
    }
}

AfterAll {
    if ($script:Fake) { $script:Fake.Dispose() }
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Save-RoleTrustSnapshot collects from live AWS' {
    Context 'the caller''s account only (default)' {
        BeforeAll {
            $script:dir = Join-Path $TestDrive 'caller-only'
            $script:result = Save-RoleTrustSnapshot -Path $dir @Caller -ErrorVariable err
            $script:err = $err
        }

        It 'writes accounts/111111111111.json and providers/111111111111.json and nothing else, with no error' {
            $err | Should -HaveCount 0
            @((Get-ChildItem $dir -Recurse -File).FullName | Sort-Object) | Should -Be @((Join-Path $dir 'accounts/111111111111.json'), (Join-Path $dir 'providers/111111111111.json'))
            Test-Path (Join-Path $dir 'organization.json') | Should -BeFalse
        }

        It 'returns one result object with Folder, AccountsWritten, Failures, Files, Bytes, Duration, OrganizationWritten, OrganizationNote and Complete' {
            @($result) | Should -HaveCount 1
            $result.PSObject.TypeNames[0] | Should -Be 'RoleTrust.Aws.Live.SnapshotCollectionResult'
            $result.Folder | Should -Be $dir
            @($result.AccountsWritten) | Should -Be @('111111111111')
            @($result.Failures) | Should -HaveCount 0
            @($result.Files) | Should -Be @((Join-Path $dir 'accounts/111111111111.json'), (Join-Path $dir 'providers/111111111111.json'))
            $result.Bytes | Should -Be ((Get-ChildItem $dir -Recurse -File | Measure-Object Length -Sum).Sum)
            $result.Duration | Should -BeOfType ([timespan])
            $result.Duration | Should -BeGreaterThan ([timespan]::Zero)
            $result.OrganizationWritten | Should -BeFalse
            $result.OrganizationNote | Should -Match 'not requested'
            $result.Complete | Should -BeTrue
        }

        It 'writes the GetAccountAuthorizationDetails shape with the example''s principals, roles and policies' {
            $saved = Get-Content (Join-Path $dir 'accounts/111111111111.json') -Raw | ConvertFrom-Json
            $original = Get-Content (Join-Path $Example 'accounts/111111111111.json') -Raw | ConvertFrom-Json
            $saved.UserDetailList.UserName | Should -Be $original.UserDetailList.UserName
            $saved.GroupDetailList.GroupName | Should -Be $original.GroupDetailList.GroupName
            $saved.RoleDetailList.Arn | Should -Be $original.RoleDetailList.Arn
            $saved.Policies.Arn | Should -Be $original.Policies.Arn
            # From ListRoles and ListAccountAliases (RoleTrust's additions to the format).
            foreach ($r in $saved.RoleDetailList) { $r.MaxSessionDuration | Should -BeGreaterOrEqual 3600 }
            $saved.AccountAliases | Should -Be $original.AccountAliases
        }

        It 'writes the account''s identity providers (none here) in the providers file''s shape' {
            $providers = Get-Content (Join-Path $dir 'providers/111111111111.json') -Raw | ConvertFrom-Json
            $providers.PSObject.Properties.Name | Should -Be @('OpenIDConnectProviders', 'SAMLProviders')
            @($providers.OpenIDConnectProviders) | Should -HaveCount 0
        }
    }

    Context 'a second account through -AccountProfileName, and the organization' {
        BeforeAll {
            $script:dir = Join-Path $TestDrive 'by-profile'
            $script:result = Save-RoleTrustSnapshot -Path $dir -AccountId 111111111111, 222222222222 -AccountProfileName @{ '222222222222' = 'target' } `
                -ProfileLocation $CredentialsFile -IncludeOrganization -OrganizationCredential $OrgCredential @Caller -ErrorVariable err
            $script:err = $err
            $script:loaded = Import-RoleTrustSnapshot $dir
            $script:reference = Import-RoleTrustSnapshot $Example
        }

        It 'writes both accounts and organization.json, complete' {
            $err | Should -HaveCount 0
            @($result.AccountsWritten) | Should -Be @('111111111111', '222222222222')
            $result.OrganizationWritten | Should -BeTrue
            $result.Complete | Should -BeTrue
            foreach ($f in 'accounts/111111111111.json', 'accounts/222222222222.json', 'organization.json') { Test-Path (Join-Path $dir $f) | Should -BeTrue }
            $result.Bytes | Should -Be ((Get-ChildItem $dir -Recurse -File | Measure-Object Length -Sum).Sum)
            # The account in 222222222222 was read with the profile's key, not the caller's.
            @($Fake.Requests | Where-Object { $_.Operation -eq 'GetAccountAuthorizationDetails' -and $_.Headers['Authorization'] -match "Credential=$($Keys.Target.AccessKey)/" }) | Should -Not -HaveCount 0
        }

        It 'writes an organization.json with the example''s structure and policies' {
            $saved = Get-Content (Join-Path $dir 'organization.json') -Raw | ConvertFrom-Json
            $original = Get-Content (Join-Path $Example 'organization.json') -Raw | ConvertFrom-Json
            $saved.Organization.Id | Should -Be $original.Organization.Id
            $saved.Organization.ManagementAccountId | Should -Be $original.Organization.ManagementAccountId
            ($saved.Accounts.Id | Sort-Object) | Should -Be ($original.Accounts.Id | Sort-Object)
            ($saved.OrganizationalUnits.Id | Sort-Object) | Should -Be ($original.OrganizationalUnits.Id | Sort-Object)
            ($saved.Policies.Id | Sort-Object) | Should -Be ($original.Policies.Id | Sort-Object)
            foreach ($p in $original.Policies) {
                $s = $saved.Policies | Where-Object Id -EQ $p.Id
                $s.Type | Should -Be $p.Type
                ($s.Targets | Sort-Object) | Should -Be ($p.Targets | Sort-Object)
            }
        }

        It 'loads with Import-RoleTrustSnapshot' {
            $loaded | Should -BeOfType ([RoleTrust.Snapshot])
        }

        It 'answers <Name> exactly as examples/bob-alice does' -ForEach $PathCases {
            $mine = @(Get-PathStatus $loaded $SourceArn $RoleArn)
            $mine | Should -HaveCount 16
            $mine | Should -Be @(Get-PathStatus $reference $SourceArn $RoleArn)
            # Same Summary too (the same data gives the same sentences).
            (Test-AssumeRolePath -SourceArn $SourceArn -RoleArn $RoleArn -Snapshot $loaded).Summary |
                Should -Be (Test-AssumeRolePath -SourceArn $SourceArn -RoleArn $RoleArn -Snapshot $reference).Summary
        }

        It 'answers Carol -> Alice with -MfaPresent as open, as examples/bob-alice does' {
            $mine = @(Get-PathStatus $loaded 'arn:aws:iam::111111111111:user/Carol' 'arn:aws:iam::222222222222:role/Alice' @{ MfaPresent = $true })
            $mine | Should -Be @(Get-PathStatus $reference 'arn:aws:iam::111111111111:user/Carol' 'arn:aws:iam::222222222222:role/Alice' @{ MfaPresent = $true })
            $mine | Should -Not -Match '=(Fail|Unknown)$'
        }
    }

    Context 'a second account through -AuditRoleName' {
        BeforeAll {
            $script:dir = Join-Path $TestDrive 'by-audit-role'
            $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
            $script:records = @(Save-RoleTrustSnapshot -Path $dir -AccountId 111111111111, 222222222222 -AuditRoleName Alice -IncludeOrganization `
                    -OrganizationCredential $OrgCredential @Caller -Verbose -Debug *>&1)
            $script:calls = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before)
            $script:AuditAssumeRoleCalls += $calls.Count
            $script:result = $records | Where-Object { $_ -is [RoleTrust.Aws.Live.SnapshotCollectionResult] }
        }

        It 'assumes the audit role once, in the other account only, and reads that account with the session' {
            $calls | Should -HaveCount 1
            $calls[0].Parameters['RoleArn'] | Should -Be 'arn:aws:iam::222222222222:role/Alice'
            $calls[0].Headers['Authorization'] | Should -Match "Credential=$($Keys.Bob.AccessKey)/"
            @($Fake.Requests | Where-Object { $_.Service -eq 'iam' -and $_.Headers['Authorization'] -match "Credential=$($Assumed.AccessKey)/" }) | Should -Not -HaveCount 0
            @($result.AccountsWritten) | Should -Be @('111111111111', '222222222222')
            $result.Complete | Should -BeTrue
        }

        It 'answers <Name> exactly as examples/bob-alice does' -ForEach $PathCases {
            @(Get-PathStatus $dir $SourceArn $RoleArn) | Should -Be @(Get-PathStatus $Example $SourceArn $RoleArn)
        }

        It 'writes neither the caller''s secret nor the assumed session''s credentials to any stream' {
            @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -HaveCount 0
            $text = ($records | ForEach-Object { if ($_ -is [System.Management.Automation.InformationalRecord]) { $_.Message } else { $_ | Format-List * -Force | Out-String -Width 4096 } }) -join "`n"
            foreach ($s in $Keys.Bob.SecretKey, $Keys.Org.SecretKey, $Assumed.SecretKey, $Assumed.SessionToken) { $text.Contains($s) | Should -BeFalse }
        }
    }

    Context 'an account it cannot read' {
        It 'writes a non-terminating SnapshotAccountFailed error for an account without credentials, and the rest' {
            $dir = Join-Path $TestDrive 'missing-credentials'
            $result = Save-RoleTrustSnapshot -Path $dir -AccountId 111111111111, 222222222222 @Caller -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be "SnapshotAccountFailed,$CommandClass"
            $err[0].CategoryInfo.Category | Should -Be 'ReadError'
            $err[0].TargetObject | Should -Be '222222222222'
            $err[0].Exception.Message | Should -Match '-AccountProfileName|-AuditRoleName'
            @($result) | Should -HaveCount 1
            @($result.AccountsWritten) | Should -Be @('111111111111')
            @($result.Failures.Target) | Should -Be @('222222222222')
            $result.Complete | Should -BeFalse
            Test-Path (Join-Path $dir 'accounts/111111111111.json') | Should -BeTrue
            Test-Path (Join-Path $dir 'accounts/222222222222.json') | Should -BeFalse
        }

        It 'reports an account whose audit role cannot be assumed, and still writes the others' {
            $dir = Join-Path $TestDrive 'audit-denied'
            $before = @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole').Count
            $result = Save-RoleTrustSnapshot -Path $dir -AccountId 111111111111, 222222222222, 333333333333 -AuditRoleName Alice @Caller -ErrorVariable err -ErrorAction SilentlyContinue
            $script:AuditAssumeRoleCalls += @($Fake.Requests | Where-Object Operation -EQ 'AssumeRole' | Select-Object -Skip $before).Count
            @($err.FullyQualifiedErrorId) | Should -Be @("SnapshotAccountFailed,$CommandClass")
            $err[0].TargetObject | Should -Be '333333333333'
            @($result.AccountsWritten) | Should -Be @('111111111111', '222222222222')
            @($result.Failures.Target) | Should -Be @('333333333333')
        }

        It 'refuses a profile of -AccountProfileName that holds another account''s credentials: the file would describe the wrong account' {
            $dir = Join-Path $TestDrive 'wrong-profile'
            $result = Save-RoleTrustSnapshot -Path $dir -AccountId 222222222222 -AccountProfileName @{ '222222222222' = 'bob' } -ProfileLocation $CredentialsFile @Caller `
                -ErrorVariable err -ErrorAction SilentlyContinue
            @($err.FullyQualifiedErrorId) | Should -Be @("SnapshotAccountFailed,$CommandClass")
            $err[0].Exception.Message | Should -Match "profile 'bob' given for account 222222222222 \(-AccountProfileName\) holds credentials of account 111111111111"
            @($result.AccountsWritten) | Should -HaveCount 0
            Test-Path (Join-Path $dir 'accounts/222222222222.json') | Should -BeFalse
        }

        It 'stops with InvalidAccountId for an -AccountProfileName key that is not an account ID' {
            $e = { Save-RoleTrustSnapshot -Path (Join-Path $TestDrive 'bad-key') -AccountProfileName @{ 'prod' = 'target' } @Caller } |
                Should -Throw -ErrorId "InvalidAccountId,$CommandClass" -PassThru
            $e.Exception.Message | Should -Match "'prod' is not a 12-digit account ID"
        }

        It 'stops with a terminating error for an invalid account ID' {
            $e = { Save-RoleTrustSnapshot -Path (Join-Path $TestDrive 'bad-id') -AccountId 1234 @Caller } | Should -Throw -ErrorId "InvalidAccountId,$CommandClass" -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.Exception.Message | Should -Match "'1234' is not a 12-digit account ID"
            Test-Path (Join-Path $TestDrive 'bad-id/accounts') | Should -BeFalse
        }
    }
}

Describe 'Save-RoleTrustSnapshot and an existing snapshot' {
    It 'refuses to replace an account file of an existing snapshot without -Force, and writes nothing' {
        $dir = Join-Path $TestDrive 'existing'
        $null = Save-RoleTrustSnapshot -Path $dir @Caller
        $file = Join-Path $dir 'accounts/111111111111.json'
        Set-Content $file '{"marker": "yesterday"}'
        { Save-RoleTrustSnapshot -Path $dir @Caller } | Should -Throw -ErrorId "SnapshotExists,$CommandClass"
        Get-Content $file -Raw | Should -Match 'yesterday'
        $null = Save-RoleTrustSnapshot -Path $dir @Caller -Force
        Get-Content $file -Raw | Should -Not -Match 'yesterday'
    }

    It 'lets several workers fill one folder with different accounts (only the files it would write count)' {
        $dir = Join-Path $TestDrive 'shared-folder'
        $null = New-Item (Join-Path $dir 'accounts') -ItemType Directory -Force
        Set-Content (Join-Path $dir 'accounts/222222222222.json') '{"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}'
        $result = Save-RoleTrustSnapshot -Path $dir @Caller
        @($result.AccountsWritten) | Should -Be @('111111111111')
    }

    It 'writes nothing and calls no IAM API with -WhatIf' {
        $dir = Join-Path $TestDrive 'whatif'
        $before = @($Fake.Requests | Where-Object Service -EQ 'iam').Count
        Save-RoleTrustSnapshot -Path $dir @Caller -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $dir 'accounts') | Should -BeFalse
        @($Fake.Requests | Where-Object Service -EQ 'iam').Count | Should -Be $before
    }
}

Describe 'Save-RoleTrustSnapshot is read-only and within its documented permissions' {
    It 'made only Get*/List*/Describe* calls, plus AssumeRole in the -AuditRoleName tests alone' {
        $requests = @($Fake.Requests)
        $writes = @($requests | Where-Object { $_.Operation -notmatch '^(Get|List|Describe)' -and $_.Operation -ne 'AssumeRole' })
        $writes | Should -HaveCount 0 -Because "not reads: $(($writes | ForEach-Object { $_.Operation } | Sort-Object -Unique) -join ', ')"
        $AuditAssumeRoleCalls | Should -BeGreaterOrEqual 2
        @($requests | Where-Object Operation -EQ 'AssumeRole') | Should -HaveCount $AuditAssumeRoleCalls
    }

    It 'called only IAM and Organizations operations that Get-RoleTrustRequiredPermission -Scope Snapshot, Organization allow' {
        $allowed = @(foreach ($p in @(Get-RoleTrustRequiredPermission -Scope Snapshot) + @(Get-RoleTrustRequiredPermission -Scope Organization)) {
                foreach ($st in @(($p.PolicyDocument | ConvertFrom-Json).Statement)) { @($st.Action) }
            })
        $used = @($Fake.Requests | Where-Object { $_.Service -in 'iam', 'organizations' -and $_.SignatureValid } | ForEach-Object { "$($_.Service):$($_.Operation)" } | Sort-Object -Unique)
        $used | Should -Contain 'iam:GetAccountAuthorizationDetails'
        $used | Should -Contain 'organizations:DescribePolicy'
        $missing = @($used | Where-Object { $op = $_; -not ($allowed | Where-Object { $op -like $_ }) })
        $missing | Should -HaveCount 0 -Because "called but not listed: $($missing -join ', ')"
    }
}
