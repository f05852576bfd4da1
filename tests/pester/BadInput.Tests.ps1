#Requires -Version 7.0
# Pester 6, table-driven: bad input to every cmdlet of the module gives a clear error record with a stable PascalCase
# ErrorId (never a .NET exception type as id, never a stack trace), terminating only for what the whole command
# needs (a snapshot, credentials, a region, a valid parameter on the command line); everything about one input item
# is non-terminating, so a pipeline goes on. Data: examples/bob-alice, folders built under TestDrive, and the local
# fake AWS endpoint for the live cases.

BeforeDiscovery {
    $Bob = 'arn:aws:iam::111111111111:user/Bob'
    $Alice = 'arn:aws:iam::222222222222:role/Alice'
    $Carol = 'arn:aws:iam::111111111111:user/Carol'
    $CiRunner = 'arn:aws:iam::111111111111:role/ci/ci-runner'
    $Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'

    # Name: what is given; Run: the command; Terminating / Errors: the ErrorIds expected; Then: more about the output.
    $script:Cases = @(
        # ---------------------------------------------------------------- Import-RoleTrustSnapshot
        @{ Name = 'Import-RoleTrustSnapshot: an empty path'; Run = { Import-RoleTrustSnapshot '' }; Terminating = 'ParameterArgumentValidationError' }
        @{ Name = 'Import-RoleTrustSnapshot: $null from the pipeline'; Run = { $null | Import-RoleTrustSnapshot }; Errors = @('ParameterArgumentValidationError') }
        @{ Name = 'Import-RoleTrustSnapshot: a folder that does not exist'; Run = { Import-RoleTrustSnapshot (Join-Path $TestDrive 'missing') }; Terminating = 'SnapshotNotFound' }
        @{ Name = 'Import-RoleTrustSnapshot: a file instead of a folder'; Run = { Import-RoleTrustSnapshot (Join-Path $Example 'README.md') }; Terminating = 'SnapshotNotFound'
            Message = 'README\.md'' is a file, not a snapshot folder' }
        @{ Name = 'Import-RoleTrustSnapshot: a folder without accounts/'; Run = { Import-RoleTrustSnapshot $TestDrive }; Terminating = 'SnapshotNotFound' }
        @{ Name = 'Import-RoleTrustSnapshot: one account file that is not JSON'; Run = { Import-RoleTrustSnapshot $Broken.NotJson }; Errors = @('InvalidSnapshotFile')
            Then = { param($out, $errors) $out.AccountCount | Should -Be 1; $errors[0].TargetObject | Should -Match '222222222222\.json$' } }
        @{ Name = 'Import-RoleTrustSnapshot: an account file holding another account''s ARNs'; Run = { Import-RoleTrustSnapshot $Broken.OtherAccount }; Errors = @('InvalidSnapshotFile')
            Then = { param($out, $errors) $errors[0].Exception.Message | Should -Match '^accounts/333333333333\.json: its ARNs belong to account 111111111111' } }
        @{ Name = 'Import-RoleTrustSnapshot: an account file in UTF-16 (Windows PowerShell 5.1''s >)'; Run = { Import-RoleTrustSnapshot $Broken.Utf16 }
            Warnings = @('^accounts/111111111111\.json: the file is UTF-16 \(little-endian\) text'); Then = { param($out) $out.UserCount | Should -Be 2 } }
        @{ Name = 'Import-RoleTrustSnapshot: fields of the wrong type'; Run = { Import-RoleTrustSnapshot $Broken.Fields }
            Warnings = @('^accounts/111111111111\.json: UserDetailList\[0\]\.Tags: expected an array, found a string$',
                '^accounts/111111111111\.json: UserDetailList\[1\]\.PermissionsBoundary: expected an object, found a string$')
            Then = { param($out) @($out.Problems) | Should -HaveCount 2 } }

        # ---------------------------------------------------------------- Test-AssumeRolePath and Get-RoleTrustGap
        foreach ($cmd in 'Test-AssumeRolePath', 'Get-RoleTrustGap') {
            @{ Name = "${cmd}: -Snapshot `$null (a failed Import-RoleTrustSnapshot)"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot $null }; Terminating = 'EmptySnapshot' }
            @{ Name = "${cmd}: -Snapshot ''"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot '' }; Terminating = 'EmptySnapshot' }
            @{ Name = "${cmd}: -Snapshot 42"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot 42 }; Terminating = 'InvalidSnapshotArgument' }
            @{ Name = "${cmd}: -Snapshot naming no folder"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot (Join-Path $TestDrive 'nope') }; Terminating = 'SnapshotNotFound' }
            @{ Name = "${cmd}: -RoleArn ''"; Cmd = $cmd; Run = { & $Cmd -RoleArn '' -SourceArn $Bob -Snapshot $Snapshot }; Errors = @('InvalidArn'); Unevaluated = 'TargetRole' }
            @{ Name = "${cmd}: -RoleArn that is no ARN"; Cmd = $cmd; Run = { & $Cmd -RoleArn 'Alice' -SourceArn $Bob -Snapshot $Snapshot }; Errors = @('InvalidArn'); Unevaluated = 'TargetRole' }
            @{ Name = "${cmd}: -RoleArn in a made-up partition"; Cmd = $cmd; Run = { & $Cmd -RoleArn 'arn:aws-xx:iam::222222222222:role/Alice' -SourceArn $Bob -Snapshot $Snapshot }
                Errors = @('InvalidArn'); Unevaluated = 'TargetRole' }
            @{ Name = "${cmd}: -SourceArn that is no principal"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn 'bob' -Snapshot $Snapshot }; Errors = @('InvalidArn'); Unevaluated = 'SourcePrincipal' }
            @{ Name = "${cmd}: no -SourceArn with -Snapshot"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -Snapshot $Snapshot }; Errors = @('SourceArnRequired'); Unevaluated = 'SourcePrincipal' }
            @{ Name = "${cmd}: -Context holding an object"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot $Snapshot -Context @{ 'aws:SourceIp' = @{ a = 1 } } }
                Errors = @('InvalidRequest'); Unevaluated = 'RequestParameters' }
            @{ Name = "${cmd}: -DurationSeconds 'abc'"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -SourceArn $Bob -Snapshot $Snapshot -DurationSeconds 'abc' }; Terminating = 'ParameterArgumentTransformationError' }
            @{ Name = "${cmd}: -ProfileName that does not exist"; Cmd = $cmd; Run = { & $Cmd -RoleArn $Alice -ProfileName 'nosuch' -ProfileLocation $EmptyCredentials }; Terminating = 'ProfileNotFound' }
            foreach ($name in '', ' ', 'a/b') {
                @{ Name = "${cmd}: a role source with -RoleSessionName '$name'"; Cmd = $cmd; SessionName = $name
                    Run = { & $Cmd -RoleArn $Deploy -SourceArn $CiRunner -Snapshot $Snapshot -RoleSessionName $SessionName }
                    Then = { param($out)
                        # A blank name is no name; 'a/b' is a name AWS rejects: a RequestParameters failure, not a crash.
                        $request = @($out | Where-Object Check -EQ 'RequestParameters')
                        if ($SessionName.Trim()) { $request[0].Status | Should -Be 'Fail' } else { $request | Where-Object Status -NE 'Pass' | Should -BeNullOrEmpty }
                    } }
            }
        }
        @{ Name = 'Test-AssumeRolePath: -Probe with -Snapshot'; Run = { Test-AssumeRolePath -RoleArn $Alice -SourceArn $Bob -Snapshot $Snapshot -Probe }; Terminating = 'ProbeNeedsLive' }

        # ---------------------------------------------------------------- Test-IamPolicy
        @{ Name = 'Test-IamPolicy: an empty principal'; Run = { Test-IamPolicy -Principal '' -Resource $Alice }; Terminating = 'ParameterArgumentValidationError' }
        @{ Name = 'Test-IamPolicy: a principal that is no ARN'; Run = { Test-IamPolicy -Principal 'bob' -Resource $Alice }; Errors = @('InvalidArn') }
        @{ Name = 'Test-IamPolicy: an action without service prefix'; Run = { Test-IamPolicy -Principal $Bob -Resource $Alice -Action 'AssumeRole' }; Errors = @('InvalidAction') }
        @{ Name = 'Test-IamPolicy: a policy that is not JSON'; Run = { Test-IamPolicy -Principal $Bob -Resource $Alice -ResourcePolicy 'not json' }; Errors = @('InvalidPolicyJson') }
        @{ Name = 'Test-IamPolicy: an unknown expectation'; Run = { Test-IamPolicy -Principal $Bob -Resource $Alice -Expect 'Maybe' }; Errors = @('InvalidExpectation') }
        @{ Name = 'Test-IamPolicy: a context that is not an object'; Run = { Test-IamPolicy -Principal $Bob -Resource $Alice -Context 'x' }; Errors = @('InvalidRequest') }
        @{ Name = 'Test-IamPolicy: a resource account that is no account ID'; Run = { Test-IamPolicy -Principal $Bob -Resource $Alice -ResourceAccount 'abc' }; Errors = @('InvalidRequest') }
        @{ Name = 'Test-IamPolicy: -Path naming no file'; Run = { Test-IamPolicy -Path (Join-Path $TestDrive 'nope.jsonl') }; Errors = @('CaseFileNotFound') }
        @{ Name = 'Test-IamPolicy: -Path naming a folder'; Run = { Test-IamPolicy -Path $TestDrive }; Errors = @('CaseFileUnreadable'); Message = 'is a folder, not a case file' }
        @{ Name = 'Test-IamPolicy: one line of a case file that is not JSON'; Run = { Test-IamPolicy -Path $CaseFile }; Errors = @('InvalidCaseJson')
            Then = { param($out) @($out.Id) | Should -Be @('first', 'third') } }

        # ---------------------------------------------------------------- Get-RoleTrustRequiredPermission, Save-RoleTrustSnapshot
        @{ Name = 'Get-RoleTrustRequiredPermission: an unknown scope'; Run = { Get-RoleTrustRequiredPermission -Scope 'Everything' }; Terminating = 'ParameterArgumentValidationError' }
        @{ Name = 'Save-RoleTrustSnapshot: an empty path'; Run = { Save-RoleTrustSnapshot -Path '' }; Terminating = 'ParameterArgumentValidationError' }
        @{ Name = 'Save-RoleTrustSnapshot: -Path naming a file (refused before any credential is read)'
            Run = { Save-RoleTrustSnapshot -Path (Join-Path $Example 'README.md') -ProfileName 'nosuch' -ProfileLocation $EmptyCredentials }
            Terminating = 'SnapshotWriteFailed'; Message = 'is a file: -Path names the snapshot folder' }
        @{ Name = 'Export-RoleTrustGraph: -Path naming a folder'; Run = { Export-RoleTrustGraph -Snapshot $Snapshot -Format Dot -Path $TestDrive }
            Terminating = 'ExportFileFailed'; Message = 'is a folder: -Path names the file to write' }
        @{ Name = 'Compare-RoleTrustSnapshot: -Reference naming a file'; Run = { Compare-RoleTrustSnapshot -Reference (Join-Path $Example 'README.md') -Difference $Snapshot }
            Terminating = 'SnapshotNotFound'; Message = 'is a file, not a snapshot folder' }
        @{ Name = 'Save-RoleTrustSnapshot: an account ID that is not 12 digits'; Run = { Save-RoleTrustSnapshot -Path (Join-Path $TestDrive 'save') -AccountId 1234 @Live }; Terminating = 'InvalidAccountId' }
        @{ Name = 'Save-RoleTrustSnapshot: a profile that does not exist'; Run = { Save-RoleTrustSnapshot -Path (Join-Path $TestDrive 'save') -ProfileName 'nosuch' -ProfileLocation $EmptyCredentials }
            Terminating = 'ProfileNotFound' }
    )
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
    $script:ExpectedPaths = Join-Path $Example 'expected-paths.csv'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:CiRunner = 'arn:aws:iam::111111111111:role/ci/ci-runner'
    $script:Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'
    $script:Snapshot = Import-RoleTrustSnapshot $Example
    $script:EmptyCredentials = Join-Path $TestDrive 'empty-credentials'
    Set-Content $EmptyCredentials ''

    $script:Fake = [RoleTrust.Testing.FakeAws]::new($Example)
    $Fake.AddKey('AKIAFAKEBOB000000088', 'bobBADINPUTsecret/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0088', [NullString]::Value, $Bob)
    $script:Live = @{ AccessKey = 'AKIAFAKEBOB000000088'; SecretKey = 'bobBADINPUTsecret/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0088'; Region = 'us-east-1'; EndpointUrl = $Fake.Url }

    function script:Copy-Example([string] $Name) {
        $dir = Join-Path $TestDrive $Name
        Copy-Item $Example $dir -Recurse
        $dir
    }
    $script:Broken = @{}
    $Broken.NotJson = Copy-Example 'not-json'
    Set-Content (Join-Path $Broken.NotJson 'accounts/222222222222.json') '{"RoleDetailList": [ {"RoleName": '
    $Broken.OtherAccount = Copy-Example 'other-account'
    Move-Item (Join-Path $Broken.OtherAccount 'accounts/111111111111.json') (Join-Path $Broken.OtherAccount 'accounts/333333333333.json')
    $Broken.Utf16 = Copy-Example 'utf16'
    $account = Join-Path $Broken.Utf16 'accounts/111111111111.json'
    [System.IO.File]::WriteAllText($account, [System.IO.File]::ReadAllText($account), [System.Text.UnicodeEncoding]::new($false, $true))
    $Broken.Fields = Copy-Example 'fields'
    $account = Join-Path $Broken.Fields 'accounts/111111111111.json'
    $json = Get-Content $account -Raw | ConvertFrom-Json
    $json.UserDetailList[0].Tags = 'System.Object[]'
    $json.UserDetailList[1] | Add-Member PermissionsBoundary 'Amazon.IdentityManagement.Model.AttachedPermissionsBoundary'
    $json | ConvertTo-Json -Depth 32 | Set-Content $account

    $script:CaseFile = Join-Path $TestDrive 'cases.jsonl'
    @(
        '{"id":"first","principal":"arn:aws:iam::111111111111:user/Bob","resource":"arn:aws:iam::222222222222:role/Alice"}'
        '{"id":"second","principal": '
        '{"id":"third","principal":"arn:aws:iam::111111111111:user/Carol","resource":"arn:aws:iam::222222222222:role/Alice"}'
    ) | Set-Content $CaseFile

    # Runs a case: its output, the error records it wrote, its warnings, and the terminating error if one ended it.
    function script:Invoke-Case([scriptblock] $Run) {
        $result = @{ Output = @(); Errors = @(); Warnings = @(); Terminating = $null }
        try {
            $all = @(& $Run 2>&1 3>&1)
            $result.Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $result.Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
            $result.Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
        }
        catch { $result.Terminating = $_ }
        $result
    }

    function script:Get-ErrorId([System.Management.Automation.ErrorRecord] $Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
}

AfterAll {
    if ($script:Fake) { $script:Fake.Dispose() }
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Bad input to every cmdlet' {
    It '<Name>' -ForEach $Cases {
        $r = Invoke-Case $Run
        if ($Terminating) {
            $r.Terminating | Should -Not -BeNullOrEmpty -Because 'the command cannot do anything without it'
            Get-ErrorId $r.Terminating | Should -BeExactly $Terminating
        }
        else {
            $r.Terminating | Should -BeNullOrEmpty -Because 'one bad input item must not end the command'
            @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @($Errors | Where-Object { $_ })
        }
        foreach ($e in @($r.Errors) + @($r.Terminating | Where-Object { $_ })) {
            Get-ErrorId $e | Should -Match '^[A-Z][A-Za-z0-9]+$' -Because 'ErrorIds are stable PascalCase names, not exception types'
            $e.Exception.Message | Should -Not -Match '   at [\w.]+\(' -Because 'no stack trace reaches the user'
        }
        $expectedWarnings = @($Warnings | Where-Object { $_ })
        @($r.Warnings) | Should -HaveCount $expectedWarnings.Count
        for ($i = 0; $i -lt $expectedWarnings.Count; $i++) { $r.Warnings[$i] | Should -Match $expectedWarnings[$i] }
        if ($Unevaluated) {
            # Get-RoleTrustGap answers the item with an Unknown gap; Test-AssumeRolePath writes no checks for it.
            if ($Cmd -eq 'Get-RoleTrustGap') {
                @($r.Output) | Should -HaveCount 1
                $r.Output[0].Check | Should -Be $Unevaluated
                $r.Output[0].Status | Should -Be 'Unknown'
                $r.Output[0].Summary | Should -Be ('Not evaluated: ' + $r.Errors[0].Exception.Message)
            }
            else { $r.Output | Should -BeNullOrEmpty }
        }
        if ($Message) { (@($r.Terminating | Where-Object { $_ }) + @($r.Errors))[0].Exception.Message | Should -Match $Message }
        if ($Then) { & $Then $r.Output $r.Errors }
    }
}

Describe 'Audits from Import-Csv' {
    BeforeAll {
        $script:Rows = @(
            [pscustomobject]@{ SourceArn = $Carol; RoleArn = $Alice }
            [pscustomobject]@{ SourceArn = $Bob; RoleArn = '' }
            [pscustomobject]@{ SourceArn = $CiRunner; RoleArn = $Deploy }
            [pscustomobject]@{ SourceArn = 'bob'; RoleArn = $Alice }
            [pscustomobject]@{ SourceArn = $Bob; RoleArn = $Alice }
        )
        $csv = Join-Path $TestDrive 'blank-cells.csv'
        # Every optional column, every cell blank: as if the columns were not there.
        Import-Csv $ExpectedPaths | Select-Object SourceArn, RoleArn, @{ n = 'ExternalId'; e = { '' } }, @{ n = 'DurationSeconds'; e = { '' } },
            @{ n = 'SourceIdentity'; e = { '' } }, @{ n = 'RoleSessionName'; e = { '' } }, @{ n = 'Snapshot'; e = { $Example } },
            @{ n = 'ProfileName'; e = { '' } }, @{ n = 'Region'; e = { '' } } | Export-Csv $csv
        $script:BlankCells = $csv
    }

    It 'blank cells of optional columns behave as if the columns were absent' {
        $withBlanks = @(Import-Csv $BlankCells | Test-AssumeRolePath -ErrorVariable e)
        $without = @(Import-Csv $ExpectedPaths | Test-AssumeRolePath -Snapshot $Snapshot)
        $e | Should -HaveCount 0
        $withBlanks.Count | Should -Be $without.Count
        ($withBlanks | ForEach-Object { "$($_.Source) $($_.Role) $($_.Check)=$($_.Status)" }) | Should -Be ($without | ForEach-Object { "$($_.Source) $($_.Role) $($_.Check)=$($_.Status)" })
    }

    It 'a blank Snapshot cell is an EmptySnapshot error for that row, never a switch to live AWS' {
        $rows = @([pscustomobject]@{ SourceArn = $Bob; RoleArn = $Alice; Snapshot = '' }, [pscustomobject]@{ SourceArn = $Carol; RoleArn = $Alice; Snapshot = $Example })
        $out = @($rows | Get-RoleTrustGap -ErrorVariable e -ErrorAction SilentlyContinue)
        @($e | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('EmptySnapshot')
        $out[0].Status | Should -Be 'Unknown'
        $out[0].SourceArn | Should -Be $Bob
        @($out | Where-Object SourceArn -EQ $Carol) | Should -Not -BeNullOrEmpty
    }

    It 'blank AWS.Tools cells (ProfileName, Region) from the pipeline behave as absent in live mode too' {
        $row = [pscustomobject]@{ SourceArn = $Bob; RoleArn = $Alice; ProfileName = ''; ProfileLocation = ''; Region = '' }
        $fromRow = @($row | Get-RoleTrustGap @Live -ErrorVariable e)
        $without = @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice @Live)
        $e | Should -HaveCount 0
        ($fromRow | ForEach-Object { "$($_.Check)=$($_.Status)" }) | Should -Be ($without | ForEach-Object { "$($_.Check)=$($_.Status)" })
        $fromRow.Check | Should -Contain 'IdentityPolicy'
    }

    It 'a DurationSeconds cell that is not a number is an error of that row; the other rows are answered' {
        $rows = @([pscustomobject]@{ SourceArn = $Carol; RoleArn = $Alice; DurationSeconds = 'an hour' }, [pscustomobject]@{ SourceArn = $Carol; RoleArn = $Alice; DurationSeconds = '3600' })
        $out = @($rows | Test-AssumeRolePath -Snapshot $Snapshot -MfaPresent -Quiet -ErrorVariable e -ErrorAction SilentlyContinue)
        @($e | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('ParameterArgumentTransformationError')
        $e[0].Exception.Message | Should -Match "'an hour' is not a whole number"
        $out | Should -Be @($true)
    }

    It 'Get-RoleTrustGap: one bad row among good ones gives its error and an Unknown gap in its place; the others are answered' {
        $out = @($Rows | Get-RoleTrustGap -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue)
        @($e | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('InvalidArn', 'InvalidArn')
        # Carol without MFA: TrustConditions; Bob -> '': Unknown; ci-runner -> Deploy: open; 'bob': Unknown; Bob -> Alice: two gaps.
        ($out | ForEach-Object { "$($_.SourceArn)|$($_.Check)=$($_.Status)" }) | Should -Be @(
            "$Carol|TrustConditions=Fail", "$Bob|TargetRole=Unknown", "bob|SourcePrincipal=Unknown", "$Bob|IdentityPolicy=Fail", "$Bob|TrustPolicy=Fail")
    }

    It 'Test-AssumeRolePath -Quiet: one answer per row, in order ($false for a row that cannot be evaluated)' {
        $out = @($Rows | Test-AssumeRolePath -Snapshot $Snapshot -Quiet -ErrorAction SilentlyContinue)
        $out | Should -Be @($false, $false, $true, $false, $false)
    }

    It 'Test-AssumeRolePath: the rows that can be evaluated give every check each' {
        $out = @($Rows | Test-AssumeRolePath -Snapshot $Snapshot -ErrorAction SilentlyContinue)
        $out | Should -HaveCount (3 * [Enum]::GetNames([RoleTrust.CheckName]).Count)
        ($out.Source | Select-Object -Unique) | Should -Be @($Carol, $CiRunner, $Bob)
    }
}
