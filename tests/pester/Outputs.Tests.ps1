#Requires -Version 7.0
# Pester 6 tests over every output type of the module (the [OutputType] of every exported cmdlet): what a scheduled
# script does with them must give text it can use. ConvertTo-Json writes enums as numbers (in Windows PowerShell 5.1
# and PowerShell 7, where -EnumsAsStrings is not the default), so no property of an output object, at any depth
# ConvertTo-Json reaches by default, may hold an enum; Export-Csv writes a property's ToString(), so a list-valued
# or object-valued property must print its content, not its type name.
# Data: examples/bob-alice, a copy of it with malformed fields, and the local fake AWS endpoint for Save-RoleTrustSnapshot.

BeforeDiscovery {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:TypeCases = @(Get-Command -Module RoleTrust -CommandType Cmdlet | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_.FullName -like 'RoleTrust.*' } | Sort-Object FullName -Unique | ForEach-Object { @{ Type = $_.FullName } })
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
    $Bob = 'arn:aws:iam::111111111111:user/Bob'
    $Alice = 'arn:aws:iam::222222222222:role/Alice'

    # A copy of the example with two malformed fields, so that the snapshot's Problems list has items.
    $broken = Join-Path $TestDrive 'broken'
    Copy-Item $Example $broken -Recurse
    $account = Join-Path $broken 'accounts/111111111111.json'
    $json = Get-Content $account -Raw | ConvertFrom-Json
    $json.UserDetailList[0].Tags = 'System.Object[]'
    $json.UserDetailList[1] | Add-Member PermissionsBoundary 'Amazon.IdentityManagement.Model.AttachedPermissionsBoundary'
    $json | ConvertTo-Json -Depth 32 | Set-Content $account

    $script:Fake = [RoleTrust.Testing.FakeAws]::new($Example)
    $Fake.AddKey('AKIAFAKEBOB000000077', 'bobOUTPUTsecret/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0077', [NullString]::Value, $Bob)
    $live = @{ AccessKey = 'AKIAFAKEBOB000000077'; SecretKey = 'bobOUTPUTsecret/aB3dE5gH7jK9mN1pQ3sT5vX7zZ0077'; Region = 'us-east-1'; EndpointUrl = $Fake.Url }

    # One or more objects of every output type, the way scripts get them.
    $script:Samples = @{
        'RoleTrust.Snapshot'                          = @(Import-RoleTrustSnapshot $Example; Import-RoleTrustSnapshot $broken -WarningAction SilentlyContinue)
        'RoleTrust.PathCheck'                         = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Example)
        'RoleTrust.TrustGap'                          = @(Get-RoleTrustGap -SourceArn $Bob -RoleArn $Alice -Snapshot $Example
            Get-RoleTrustGap -SourceArn $Bob -RoleArn 'Alice' -Snapshot $Example -ErrorAction SilentlyContinue)
        'RoleTrust.ProbeOutcome'                      = @([RoleTrust.ProbeOutcome]::new($Bob, $Alice, $false, $false, 'AccessDenied', 'not authorized'))
        'RoleTrust.RequiredPermission'                = @(Get-RoleTrustRequiredPermission -Scope All)
        'RoleTrust.PolicyDecision'                    = @(Test-IamPolicy -Principal $Bob -Resource $Alice -Id 'case-1' -Expect Denied -Context @{ 'aws:SourceIp' = '10.0.0.1' } `
                -IdentityPolicy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}')
        'RoleTrust.Aws.Live.SnapshotCollectionResult' = @(Save-RoleTrustSnapshot -Path (Join-Path $TestDrive 'saved') @live)
        'RoleTrust.AssumeRoleError'                   = @(Resolve-AssumeRoleError -ParseOnly -Message "An error occurred (AccessDenied) when calling the AssumeRole operation: User: $Bob is not authorized to perform: sts:AssumeRole on resource: $Alice because no identity-based policy allows the sts:AssumeRole action"
            Resolve-AssumeRoleError -Snapshot $Example -Message "User: $Bob is not authorized to perform: sts:AssumeRole on resource: $Alice")
        'RoleTrust.AssumeRolePath'                    = @(Find-AssumeRolePath -To 'arn:aws:iam::222222222222:role/ci/Deploy' -Snapshot $Example -WarningAction SilentlyContinue)
        'RoleTrust.TrustChange'                       = @(Compare-RoleTrustSnapshot -Reference $Example -Difference $broken -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        'RoleTrust.TrustFinding'                      = @(Get-RoleTrustFinding -Snapshot (Join-Path $PSScriptRoot '../fixtures/findings') -ErrorAction SilentlyContinue)
    }

    # Properties whose values ConvertTo-Json would write as numbers: enums, at any depth its default -Depth 2 reaches.
    function script:Find-EnumValue {
        param([object] $Value, [string] $Path, [int] $Depth = 0)
        if ($null -eq $Value -or $Depth -gt 2) { return }
        if ($Value -is [enum]) { return "$Path = $($Value.GetType().FullName)::$Value" }
        if ($Value -is [string] -or $Value.GetType().IsPrimitive -or $Value -is [datetime] -or $Value -is [timespan] -or $Value -is [decimal]) { return }
        if ($Value -is [System.Collections.IEnumerable]) {
            $i = 0
            foreach ($item in $Value) { Find-EnumValue $item "$Path[$i]" ($Depth + 1); $i++ }
            return
        }
        foreach ($p in $Value.PSObject.Properties) { Find-EnumValue $p.Value "$Path.$($p.Name)" ($Depth + 1) }
    }

    # Export-Csv cells that print a type name instead of the content (List`1[...], String[], RoleTrust.Something).
    function script:Find-UnreadableCell {
        param([object] $Object)
        $row = $Object | ConvertTo-Csv -NoTypeInformation | Select-Object -Skip 1 | ConvertFrom-Csv -Header @($Object.PSObject.Properties.Name)
        foreach ($p in $Object.PSObject.Properties) {
            $value = $p.Value
            if ($null -eq $value -or $value -is [string] -or $value.GetType().IsPrimitive -or $value -is [enum]) { continue }
            $cell = $row.($p.Name)
            if ($cell -eq $value.GetType().FullName -or $cell -eq $value.GetType().ToString() -or $cell -match '^System\.[\w.`\[\],]+$') { "$($p.Name) = '$cell'" }
        }
    }
}

AfterAll {
    if ($script:Fake) { $script:Fake.Dispose() }
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Every output type of the module serializes readably' {
    It '<Type> has objects to test (add them here when a cmdlet declares a new output type)' -ForEach $TypeCases {
        $Samples.ContainsKey($Type) | Should -BeTrue -Because "$Type is declared by [OutputType] of an exported cmdlet"
        @($Samples[$Type]) | Should -Not -BeNullOrEmpty
        foreach ($o in $Samples[$Type]) { $o.GetType().FullName | Should -Be $Type }
    }

    It '<Type>: ConvertTo-Json writes statuses, decisions and severities as names (no enum-valued property)' -ForEach $TypeCases {
        $found = @(foreach ($o in @($Samples[$Type])) { Find-EnumValue $o $Type })
        $found | Should -BeNullOrEmpty
    }

    It '<Type>: Export-Csv writes list- and object-valued properties as their content, not a type name' -ForEach $TypeCases {
        $found = @(foreach ($o in @($Samples[$Type])) { Find-UnreadableCell $o })
        $found | Should -BeNullOrEmpty
    }
}

Describe 'What the readable forms hold' {
    It 'PathCheck and TrustGap: Status and Check are names in JSON; the change is the command line in CSV' {
        $json = $Samples['RoleTrust.PathCheck'][0] | ConvertTo-Json | ConvertFrom-Json
        $json.Status | Should -BeOfType ([string])
        $json.Check | Should -Be 'CallerIdentity'
        $withChange = $Samples['RoleTrust.PathCheck'] | Where-Object Change | Select-Object -First 1
        $csv = $withChange | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Change | Should -Be $withChange.Change.ToString()
        $csv.Change | Should -Match '^(Update-IAMAssumeRolePolicy|Write-IAMUserPolicy|Write-IAMRolePolicy|Write-IAMGroupPolicy|New-IAMPolicyVersion) -'
        ($Samples['RoleTrust.TrustGap'] | ConvertTo-Json | ConvertFrom-Json).Status | Sort-Object -Unique | Should -Be @('Fail', 'Unknown')
    }

    It 'Snapshot: Problems is an array in JSON and the problems joined in CSV; the indexed data is not serialized' {
        $s = $Samples['RoleTrust.Snapshot'][1]
        $json = $s | ConvertTo-Json | ConvertFrom-Json
        @($json.Problems) | Should -HaveCount 2
        $json.Problems[0] | Should -Be 'accounts/111111111111.json: UserDetailList[0].Tags: expected an array, found a string'
        $json.Problems[1] | Should -Be 'accounts/111111111111.json: UserDetailList[1].PermissionsBoundary: expected an object, found a string'
        @($json.Partitions) | Should -Be @('aws')
        $json.PSObject.Properties.Name | Should -Not -Contain 'Source'
        $json.PSObject.Properties.Name | Should -Not -Contain 'Policies'
        ($s | ConvertTo-Csv | ConvertFrom-Csv).Problems | Should -Be ($json.Problems -join '; ')
        ($Samples['RoleTrust.Snapshot'][0] | ConvertTo-Csv | ConvertFrom-Csv).Problems | Should -BeExactly ''
    }
}
