#Requires -Version 7.0
# Pester 6 tests for Get-RoleTrustFinding against the staged module (build.ps1 sets ROLETRUST_MODULE and ROLETRUST_FAKEAWS).
# Data: tests/fixtures/findings (its README lists the findings each role must produce), snapshots built under TestDrive,
# role objects shaped like AWS.Tools output, and the local fake AWS serving the fixture for live mode.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop

    $script:Fixture = (Resolve-Path (Join-Path $PSScriptRoot '../fixtures/findings')).Path
    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:CommandClass = 'RoleTrust.Cmdlets.GetRoleTrustFindingCommand'
    $script:RuleIds = @('WildcardPrincipal', 'ThirdPartyWithoutExternalId', 'DeletedPrincipal', 'OidcMissingSubject', 'OidcWildcardSubject',
        'OidcMissingAudience', 'ForAllValuesOnSingleValuedKey', 'SamlMissingAudience', 'ServiceWithoutSourceCondition', 'InvalidTrustElement', 'AccountRootTrust')

    # The fixture README's table, as role -> "Rule@statement" list (roles not listed have no finding).
    $script:Expected = [ordered]@{
        'open-wildcard'                = @('WildcardPrincipal@0')
        'ifexists-wildcard'            = @('WildcardPrincipal@0')
        'encoded-wildcard'             = @('WildcardPrincipal@0')
        'vendor-no-externalid'         = @('ThirdPartyWithoutExternalId@0')
        'outside-org-snapshot-account' = @('ThirdPartyWithoutExternalId@0')
        'deleted-principal'            = @('DeletedPrincipal@0')
        'github-no-sub'                = @('OidcMissingSubject@0')
        'github-wildcard-sub'          = @('OidcWildcardSubject@0')
        'github-exact-no-aud'          = @('OidcMissingAudience@0')
        'forallvalues-externalid'      = @('ThirdPartyWithoutExternalId@0', 'ForAllValuesOnSingleValuedKey@0')
        'saml-no-aud'                  = @('SamlMissingAudience@0')
        'lambda-exec'                  = @('ServiceWithoutSourceCondition@0')
        'shared-lambda'                = @('ServiceWithoutSourceCondition@0')
        'notprincipal'                 = @('InvalidTrustElement@1')
        'tooling-account-root'         = @('AccountRootTrust@0')
    }

    function script:RoleNameOf([string] $Arn) { $Arn.Substring($Arn.LastIndexOf('/') + 1) }
    function script:Summarize($Findings) {
        $Findings | Group-Object { RoleNameOf $_.Role } | ForEach-Object { $_.Name + ': ' + (($_.Group | ForEach-Object { "$($_.RuleId)@$($_.StatementIndex)" }) -join ',') } | Sort-Object
    }
    function script:ExpectedSummary { $Expected.Keys | ForEach-Object { $_ + ': ' + ($Expected[$_] -join ',') } | Sort-Object }

    # A Get-IAMRole / Get-IAMRoleList result: same property names and types as Amazon.IdentityManagement.Model.Role.
    if (-not ('RoleTrustTests.AwsToolsRole' -as [type])) {
        Add-Type -TypeDefinition @'
namespace RoleTrustTests {
    public class AwsToolsRole {
        public string Arn { get; set; }
        public string AssumeRolePolicyDocument { get; set; }
        public System.DateTime CreateDate { get; set; }
        public string Description { get; set; }
        public int MaxSessionDuration { get; set; }
        public string Path { get; set; }
        public string RoleId { get; set; }
        public string RoleName { get; set; }
    }
}
'@
    }
    function script:New-AwsToolsRole([string] $Arn, [string] $Json) {
        $r = [RoleTrustTests.AwsToolsRole]::new()
        $r.Arn = $Arn; $r.RoleName = RoleNameOf $Arn; $r.Path = '/'; $r.RoleId = 'AROAEXAMPLE000000001'; $r.MaxSessionDuration = 3600
        $r.AssumeRolePolicyDocument = [uri]::EscapeDataString($Json)   # IAM and AWS.Tools return trust policies URL-encoded
        $r
    }
    $script:OpenTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'
    $script:VendorTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}'
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Get-RoleTrustFinding on a snapshot' {
    BeforeAll {
        $script:Snap = Import-RoleTrustSnapshot $Fixture
        $script:All = @(Get-RoleTrustFinding -Snapshot $Snap -ErrorVariable snapErrors -ErrorAction SilentlyContinue)
        $script:SnapErrors = $snapErrors
    }

    It 'finds exactly what the fixture README lists, and nothing for the near misses' {
        Summarize $All | Should -Be (ExpectedSummary)
    }

    It 'covers every rule id with its contract severity' {
        $severity = @{ WildcardPrincipal = 'High'; ThirdPartyWithoutExternalId = 'Medium'; DeletedPrincipal = 'Medium'; OidcMissingSubject = 'High'
            OidcWildcardSubject = 'High'; OidcMissingAudience = 'Low'; ForAllValuesOnSingleValuedKey = 'High'; SamlMissingAudience = 'Low'
            ServiceWithoutSourceCondition = 'Info'; InvalidTrustElement = 'Medium'; AccountRootTrust = 'Info' }
        @($All.RuleId | Sort-Object -Unique) | Should -Be @($RuleIds | Sort-Object)
        foreach ($f in $All) { $f.Severity | Should -BeExactly $severity[$f.RuleId] -Because $f.RuleId }
    }

    It 'fills every property of a finding' {
        $f = $All | Where-Object { (RoleNameOf $_.Role) -eq 'open-wildcard' }
        $f.Account | Should -Be '111111111111'
        $f.Role | Should -Be 'arn:aws:iam::111111111111:role/open-wildcard'
        $f.StatementIndex | Should -Be 0
        $f.Sid | Should -Be 'Anyone'
        $f.Principal | Should -Be '*'
        $f.Summary | Should -Match '^Statement 0 \(Anyone\) lets any AWS principal assume the role'
        $f.Fix | Should -Match 'o-fixture1234'
        ($f.Evidence | ConvertFrom-Json).Principal | Should -Be '*'
    }

    It 'reports the unparseable trust policy as a non-terminating InvalidTrustPolicy error and audits the rest' {
        $e = @($SnapErrors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidTrustPolicy,*' })
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be "InvalidTrustPolicy,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $e[0].TargetObject | Should -Be 'arn:aws:iam::111111111111:role/broken-trust'
        $e[0].Exception.Message | Should -Match 'InvalidPrincipal'
        $All.Count | Should -BeGreaterThan 10
    }

    It 'gives the same findings for a folder path as for an imported snapshot' {
        $fromPath = Get-RoleTrustFinding -Snapshot $Fixture -ErrorAction SilentlyContinue
        Summarize $fromPath | Should -Be (Summarize $All)
    }

    It 'counts accounts outside organization.json as outside, and without it the snapshot''s accounts as inside' {
        $noOrg = Join-Path $TestDrive 'no-org'
        Copy-Item (Join-Path $Fixture 'accounts') (Join-Path $noOrg 'accounts') -Recurse
        $f = Get-RoleTrustFinding -Snapshot $noOrg -ErrorAction SilentlyContinue
        ($f | Where-Object { (RoleNameOf $_.Role) -eq 'outside-org-snapshot-account' }) | Should -BeNullOrEmpty
        ($f | Where-Object { (RoleNameOf $_.Role) -eq 'vendor-no-externalid' }).RuleId | Should -Be 'ThirdPartyWithoutExternalId'
        ($f | Where-Object { (RoleNameOf $_.Role) -eq 'open-wildcard' }).Fix | Should -Match '<your organization id>'
    }

    It 'filters by -Severity (one or more)' {
        $high = @(Get-RoleTrustFinding -Snapshot $Snap -Severity High -ErrorAction SilentlyContinue)
        $high.Count | Should -Be @($All | Where-Object Severity -EQ 'High').Count
        $high.Severity | Sort-Object -Unique | Should -Be 'High'
        $two = @(Get-RoleTrustFinding -Snapshot $Snap -Severity low, INFO -ErrorAction SilentlyContinue)
        @($two.Severity | Sort-Object -Unique) | Should -Be @('Info', 'Low')
        $two.Count | Should -Be @($All | Where-Object Severity -In 'Low', 'Info').Count
    }

    It 'filters by -RuleId (one or more), combined with -Severity' {
        $r = @(Get-RoleTrustFinding -Snapshot $Snap -RuleId WildcardPrincipal, DeletedPrincipal -ErrorAction SilentlyContinue)
        @($r.RuleId | Sort-Object -Unique) | Should -Be @('DeletedPrincipal', 'WildcardPrincipal')
        $r.Count | Should -Be 4
        @(Get-RoleTrustFinding -Snapshot $Snap -RuleId WildcardPrincipal, DeletedPrincipal -Severity Medium -ErrorAction SilentlyContinue).RuleId | Should -Be 'DeletedPrincipal'
    }

    It 'converts to JSON with string severities and rule ids' {
        $json = $All | Select-Object -First 3 | ConvertTo-Json -Depth 4
        $json | Should -Not -Match '"Severity":\s*\d'
        $back = $json | ConvertFrom-Json
        $back[0].Severity | Should -BeIn @('High', 'Medium', 'Low', 'Info')
        $back[0].StatementIndex | Should -BeOfType [long]
        $back[0].PSObject.Properties.Name | Should -Be @('RuleId', 'Severity', 'Account', 'Role', 'StatementIndex', 'Sid', 'Principal', 'Summary', 'Fix', 'Evidence')
    }

    It 'exports to CSV with readable cells only' {
        $csv = Join-Path $TestDrive 'findings.csv'
        $All | Export-Csv $csv -NoTypeInformation
        $text = Get-Content $csv -Raw
        $text | Should -Not -Match 'System\.'
        $rows = Import-Csv $csv
        $rows.Count | Should -Be $All.Count
        ($rows | Where-Object RuleId -EQ 'ThirdPartyWithoutExternalId' | Select-Object -First 1).Severity | Should -Be 'Medium'
    }

    It 'shows a table grouped by role by default, and by account with -View Account' {
        $byRole = $All | Format-Table | Out-String -Width 250
        $byRole | Should -Match 'Role: arn:aws:iam::111111111111:role/open-wildcard'
        $byRole | Should -Match 'Severity\s+RuleId\s+Stmt\s+Principal\s+Summary'
        $byAccount = $All | Format-Table -View Account | Out-String -Width 250
        $byAccount | Should -Match 'Account: 111111111111'
        $byAccount | Should -Match 'Account: 222222222222'
    }

    It 'stops with InvalidSnapshotArgument for something that is not a snapshot' {
        { Get-RoleTrustFinding -Snapshot (Get-Date) } | Should -Throw -ErrorId "InvalidSnapshotArgument,$CommandClass"
        { Get-RoleTrustFinding -Snapshot (Join-Path $TestDrive 'nope') } | Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
    }
}

Describe 'Get-RoleTrustFinding with roles from the pipeline' {
    It 'audits AWS.Tools-shaped role objects whose trust policies are URL-encoded' {
        $roles = @(
            New-AwsToolsRole 'arn:aws:iam::111122223333:role/open' $OpenTrust
            New-AwsToolsRole 'arn:aws:iam::111122223333:role/ci/vendor' $VendorTrust
        )
        $f = @($roles | Get-RoleTrustFinding -WarningAction SilentlyContinue)
        $f.Count | Should -Be 2
        $f[0].RuleId | Should -Be 'WildcardPrincipal'
        $f[0].Account | Should -Be '111122223333'
        $f[1].Role | Should -Be 'arn:aws:iam::111122223333:role/ci/vendor'
        $f[1].RuleId | Should -Be 'ThirdPartyWithoutExternalId'
    }

    It 'takes plain JSON and ConvertFrom-Json objects as documents too' {
        $plain = [pscustomobject]@{ Arn = 'arn:aws:iam::111122223333:role/a'; AssumeRolePolicyDocument = $OpenTrust }
        $object = [pscustomobject]@{ Arn = 'arn:aws:iam::111122223333:role/b'; AssumeRolePolicyDocument = ($OpenTrust | ConvertFrom-Json) }
        @($plain, $object | Get-RoleTrustFinding -WarningAction SilentlyContinue).RuleId | Should -Be @('WildcardPrincipal', 'WildcardPrincipal')
    }

    It 'warns that without organization data every other account counts as outside' {
        $null = New-AwsToolsRole 'arn:aws:iam::111122223333:role/v' $VendorTrust | Get-RoleTrustFinding -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'OrganizationAccountId'
    }

    It 'uses -OrganizationAccountId as the organization: a member account is AccountRootTrust, not a third party' {
        $f = New-AwsToolsRole 'arn:aws:iam::111122223333:role/v' $VendorTrust | Get-RoleTrustFinding -OrganizationAccountId 111122223333, 444455556666 -WarningVariable w
        $f.RuleId | Should -Be 'AccountRootTrust'
        $w | Should -BeNullOrEmpty
        $f = New-AwsToolsRole 'arn:aws:iam::111122223333:role/v' $VendorTrust | Get-RoleTrustFinding -OrganizationAccountId 111122223333
        $f.RuleId | Should -Be 'ThirdPartyWithoutExternalId'
        $f.Summary | Should -Match 'outside the accounts named as the organization'
    }

    It 'reports a bad ARN or an unparseable document per item and goes on' {
        $items = @(
            [pscustomobject]@{ Arn = 'not-an-arn'; AssumeRolePolicyDocument = $OpenTrust }
            [pscustomobject]@{ Arn = 'arn:aws:iam::111122223333:role/broken'; AssumeRolePolicyDocument = '{"Statement": [' }
            [pscustomobject]@{ Arn = 'arn:aws:iam::111122223333:role/open'; AssumeRolePolicyDocument = $OpenTrust }
        )
        $f = $items | Get-RoleTrustFinding -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $f.Role | Should -Be 'arn:aws:iam::111122223333:role/open'
        @($errs.FullyQualifiedErrorId) | Should -Be @("InvalidArn,$CommandClass", "InvalidTrustPolicy,$CommandClass")
        $errs[1].Exception.Message | Should -Match 'InvalidPolicyJson'
    }

    It 'runs the first two help examples as written' {
        $examples = @((Get-Help Get-RoleTrustFinding).Examples.Example | Select-Object -First 2)
        Push-Location (Join-Path $PSScriptRoot '../..')
        try {
            $one = Invoke-Expression ($examples[0].Code -replace '\s*\|\s*Format-Table -View Account$', '')
            $one.RuleId | Should -Be 'ServiceWithoutSourceCondition'
            $one.Role | Should -Be 'arn:aws:iam::111111111111:role/ci/ci-runner'
            $two = Invoke-Expression ($examples[1].Code -replace '\s*\|\s*Format-List.*$', '') 3>$null
            $two.RuleId | Should -Be @('OidcWildcardSubject', 'OidcMissingAudience')
        } finally { Pop-Location }
    }
}

Describe 'Get-RoleTrustFinding -Format Sarif' {
    BeforeAll {
        $script:SarifText = Get-RoleTrustFinding -Snapshot $Fixture -Format Sarif -ErrorAction SilentlyContinue
        $script:Sarif = $SarifText | ConvertFrom-Json
    }

    It 'writes one string holding a SARIF 2.1.0 log' {
        @($SarifText).Count | Should -Be 1
        $SarifText | Should -BeOfType [string]
        $Sarif.version | Should -Be '2.1.0'
        $Sarif.runs.Count | Should -Be 1
    }

    It 'describes the tool and every rule' {
        $driver = $Sarif.runs[0].tool.driver
        $driver.name | Should -Be 'RoleTrust'
        $driver.version | Should -Be (Get-Module RoleTrust).Version.ToString()
        $driver.informationUri | Should -Match '^https://'
        @($driver.rules.id) | Should -Be $RuleIds
        ($driver.rules | Where-Object id -EQ 'WildcardPrincipal').defaultConfiguration.level | Should -Be 'error'
        ($driver.rules | Where-Object id -EQ 'DeletedPrincipal').defaultConfiguration.level | Should -Be 'warning'
        ($driver.rules | Where-Object id -EQ 'AccountRootTrust').defaultConfiguration.level | Should -Be 'note'
    }

    It 'has one result per finding, located in the account file and statement' {
        $objects = @(Get-RoleTrustFinding -Snapshot $Fixture -ErrorAction SilentlyContinue)
        $results = @($Sarif.runs[0].results)
        $results.Count | Should -Be $objects.Count
        $r = $results | Where-Object { $_.properties.role -eq 'arn:aws:iam::111111111111:role/notprincipal' }
        $r.ruleId | Should -Be 'InvalidTrustElement'
        $r.locations[0].physicalLocation.artifactLocation.uri | Should -Be 'accounts/111111111111.json'
        $r.locations[0].logicalLocations[0].fullyQualifiedName | Should -Be "RoleDetailList[?RoleName=='notprincipal'].AssumeRolePolicyDocument.Statement[1]"
        $r.partialFingerprints.'roleTrustFinding/v1' | Should -Match '^[0-9a-f]{64}$'
        $Sarif.runs[0].originalUriBaseIds.SNAPSHOTROOT.uri | Should -Match '^file://.*/findings/$'
    }

    It 'applies the filters to the results and keeps all rules' {
        $s = Get-RoleTrustFinding -Snapshot $Fixture -Format Sarif -Severity High -ErrorAction SilentlyContinue | ConvertFrom-Json
        @($s.runs[0].results.level | Sort-Object -Unique) | Should -Be 'error'
        $s.runs[0].tool.driver.rules.Count | Should -Be 11
    }

    It 'lists roles that could not be audited as notifications and still writes the error' {
        $null = Get-RoleTrustFinding -Snapshot $Fixture -Format Sarif -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Contain "InvalidTrustPolicy,$CommandClass"
        $n = $Sarif.runs[0].invocations[0].toolExecutionNotifications
        $n.Count | Should -Be 1
        $n[0].message.text | Should -Match 'broken-trust'
    }

    It 'carries no raw markup when role names, descriptions and policy text hold some' {
        $evil = Join-Path $TestDrive 'markup'
        $null = New-Item (Join-Path $evil 'accounts') -ItemType Directory -Force
        $script = '</script><script>alert(1)</script>'
        $img = '<img src=x onerror=alert(document.domain)>'
        $trust = @{ Version = '2012-10-17'; Statement = @(@{ Sid = $img; Effect = 'Allow'; Principal = '*'; Action = 'sts:AssumeRole'
                    Condition = @{ StringLike = @{ 'aws:PrincipalOrgID' = "$script&*" } } }) }
        $account = @{ UserDetailList = @(); GroupDetailList = @(); Policies = @(); RoleDetailList = @(
                @{ Path = '/'; RoleName = $script; RoleId = 'AROAMARKUP0000000001'; Arn = "arn:aws:iam::111111111111:role/$script"; Description = $img
                    AssumeRolePolicyDocument = $trust; RolePolicyList = @(); AttachedManagedPolicies = @(); Tags = @(@{ Key = 'x'; Value = $img }) }
                @{ Path = '/'; RoleName = 'broken'; RoleId = 'AROAMARKUP0000000002'; Arn = 'arn:aws:iam::111111111111:role/broken'; Description = $img
                    AssumeRolePolicyDocument = "{`"Statement`": `"$script`"}"; RolePolicyList = @(); AttachedManagedPolicies = @(); Tags = @() }
            ) }
        $account | ConvertTo-Json -Depth 12 | Set-Content (Join-Path $evil 'accounts/111111111111.json')

        $text = Get-RoleTrustFinding -Snapshot $evil -Format Sarif -ErrorAction SilentlyContinue
        $text | Should -Not -BeNullOrEmpty
        $text | Should -Not -Match '[<>&]'
        $text | Should -Not -Match 'markdown'
        $text | Should -Match '\\u003cimg src=x onerror=alert\(document.domain\)\\u003e'
        $s = $text | ConvertFrom-Json
        $s.runs[0].results[0].properties.role | Should -Be "arn:aws:iam::111111111111:role/$script"
        $s.runs[0].results[0].properties.sid | Should -Be $img
        $s.runs[0].invocations[0].toolExecutionNotifications.Count | Should -Be 1
    }
}

Describe 'Get-RoleTrustFinding live (fake AWS serving the fixture)' {
    BeforeAll {
        $null = (Get-Command Get-RoleTrustFinding).Parameters['Credential'].ParameterType   # loads AWSSDK.Core
        $fakeDll = $env:ROLETRUST_FAKEAWS
        if (-not $fakeDll) { $fakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
        if (-not ('RoleTrust.Testing.FakeAws' -as [type])) { Add-Type -Path $fakeDll }
        $script:Fake = [RoleTrust.Testing.FakeAws]::new($Fixture)
        $Fake.AddKey('AKIAFAKEAUDITOR00001', 'auditorSECRETkey/aB3dE5gH7jK9mN1pQ3sT5vX7zZ01', [NullString]::Value, 'arn:aws:iam::111111111111:user/auditor')
        $script:Live = @{ AccessKey = 'AKIAFAKEAUDITOR00001'; SecretKey = 'auditorSECRETkey/aB3dE5gH7jK9mN1pQ3sT5vX7zZ01'; Region = 'us-east-1'; EndpointUrl = $Fake.Url }
        # Only the management account (or a delegated administrator) may list the organization's accounts.
        $Fake.AddKey('AKIAFAKEORGREADER001', 'orgSECRETkey/jK7mN9pQ1sT3vX5zB7cD9eF1gH0005', [NullString]::Value, 'arn:aws:iam::222222222222:user/OrgReader')
        $script:OrgCredential = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAFAKEORGREADER001', 'orgSECRETkey/jK7mN9pQ1sT3vX5zB7cD9eF1gH0005')
        $script:SnapshotFindings = @(Get-RoleTrustFinding -Snapshot $Fixture -ErrorAction SilentlyContinue | Where-Object Account -EQ '111111111111')
    }
    AfterAll { $Fake.Dispose() }
    BeforeEach { $Fake.ClearFaults(); $Fake.ClearLog() }

    It 'audits the caller''s account with iam:ListRoles and the organization read live: the same findings as the snapshot' {
        $f = @(Get-RoleTrustFinding @Live -OrganizationCredential $OrgCredential -ErrorVariable errs -ErrorAction SilentlyContinue)
        Summarize $f | Should -Be (Summarize $SnapshotFindings)
        $errs.FullyQualifiedErrorId | Should -Be "InvalidTrustPolicy,$CommandClass"
        $ops = $Fake.Requests | ForEach-Object Operation
        $ops | Should -Contain 'ListRoles'
        $ops | Should -Contain 'ListAccounts'
    }

    It 'falls back to the caller''s account as the zone, with a warning, when the organization cannot be read' {
        # A member account's own credentials may not list the organization's accounts.
        $f = @(Get-RoleTrustFinding @Live -RuleId ThirdPartyWithoutExternalId, AccountRootTrust -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        "$w" | Should -Match 'Cannot read the organization'
        ($f | Where-Object { (RoleNameOf $_.Role) -eq 'tooling-account-root' }).RuleId | Should -Be 'ThirdPartyWithoutExternalId'
    }

    It 'uses -OrganizationAccountId without calling Organizations' {
        $f = @(Get-RoleTrustFinding @Live -OrganizationAccountId 222222222222 -RuleId AccountRootTrust -ErrorAction SilentlyContinue)
        $f.Role | Should -Be 'arn:aws:iam::111111111111:role/tooling-account-root'
        ($Fake.Requests | Where-Object Service -EQ 'organizations') | Should -BeNullOrEmpty
    }

    It 'stops with ListRolesFailed when the roles cannot be listed' {
        $Fake.InjectAccessDenied('ListRoles')
        { Get-RoleTrustFinding @Live -ErrorAction Stop } | Should -Throw -ErrorId "ListRolesFailed,$CommandClass"
    }

    It 'writes SARIF live as well' {
        $s = Get-RoleTrustFinding @Live -OrganizationCredential $OrgCredential -Format Sarif -ErrorAction SilentlyContinue | ConvertFrom-Json
        @($s.runs[0].results).Count | Should -Be $SnapshotFindings.Count
        $s.runs[0].PSObject.Properties.Name | Should -Not -Contain 'originalUriBaseIds'
    }

    It 'makes only read calls' {
        $null = Get-RoleTrustFinding @Live -ErrorAction SilentlyContinue
        foreach ($op in ($Fake.Requests | ForEach-Object Operation | Sort-Object -Unique)) {
            $op | Should -Match '^(Get|List|Describe)'
        }
    }
}
