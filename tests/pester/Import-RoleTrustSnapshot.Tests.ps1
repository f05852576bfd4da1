#Requires -Version 7.0
# Pester 6 tests for Import-RoleTrustSnapshot against the staged module (build.ps1 sets ROLETRUST_MODULE).
# Data: examples/bob-alice (2 accounts, 4 roles, 2 users, organization o-exampleorgid) and folders built under TestDrive.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop

    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:CommandClass = 'RoleTrust.Cmdlets.ImportRoleTrustSnapshotCommand'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'

    function script:New-TestSnapshot {
        param([string] $Name, [string[]] $Account = @('111111111111', '222222222222'), [hashtable] $Unreadable = @{}, [switch] $NoOrganization)
        $dir = Join-Path $TestDrive $Name
        $null = New-Item (Join-Path $dir 'accounts') -ItemType Directory -Force
        foreach ($id in $Account) { Copy-Item (Join-Path $Example "accounts/$id.json") (Join-Path $dir "accounts/$id.json") }
        foreach ($file in $Unreadable.Keys) { Set-Content (Join-Path $dir "accounts/$file") $Unreadable[$file] }
        if (-not $NoOrganization) { Copy-Item (Join-Path $Example 'organization.json') $dir }
        $dir
    }
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Import-RoleTrustSnapshot on the bob-alice example' {
    BeforeAll { $script:s = Import-RoleTrustSnapshot $Example -ErrorVariable importErrors }

    It 'writes one RoleTrust.Snapshot without errors' {
        @($s) | Should -HaveCount 1
        $s | Should -BeOfType ([RoleTrust.Snapshot])
        $s.PSObject.TypeNames[0] | Should -Be 'RoleTrust.Snapshot'
        $importErrors | Should -HaveCount 0
    }

    It 'counts 2 accounts, 4 roles and 2 users, and reads the organization' {
        $s.AccountCount | Should -Be 2
        $s.RoleCount | Should -Be 4
        $s.UserCount | Should -Be 2
        $s.OrganizationId | Should -Be 'o-exampleorgid'
    }

    It 'records the full folder path' {
        $s.Path | Should -Be $Example
        [System.IO.Path]::IsPathRooted($s.Path) | Should -BeTrue
    }

    It 'resolves a relative path from the current PowerShell location' {
        Push-Location (Split-Path $Example)
        try { (Import-RoleTrustSnapshot 'bob-alice').Path | Should -Be $Example }
        finally { Pop-Location }
    }

    It 'takes folders from Get-Item (FullName) and strings from the pipeline, one snapshot each' {
        $copy = New-TestSnapshot 'copy'
        $fromItems = @(Get-Item $Example, $copy | Import-RoleTrustSnapshot)
        $fromItems.Path | Should -Be @($Example, (Get-Item $copy).FullName)
        $fromStrings = @($Example, $copy | Import-RoleTrustSnapshot)
        $fromStrings | Should -HaveCount 2
        $fromStrings[1].AccountCount | Should -Be 2
    }

    It 'has a default table view with Path, Accounts, Roles, Users, Organization' {
        $lines = ($s | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Path\s+Accounts\s+Roles\s+Users\s+Organization\s*$'
        $lines[2] | Should -Match '\s2\s+4\s+2\s+o-exampleorgid\s*$'
    }

    It 'can be used by the path cmdlets as -Snapshot' {
        Test-AssumeRolePath -SourceArn $Carol -RoleArn $Alice -Snapshot $s -MfaPresent -Quiet | Should -BeTrue
    }
}

Describe 'Import-RoleTrustSnapshot partial and broken snapshots' {
    It 'loads a snapshot without organization.json, with no OrganizationId' {
        $s = Import-RoleTrustSnapshot (New-TestSnapshot 'no-org' -NoOrganization) -ErrorVariable e
        $e | Should -HaveCount 0
        $s.AccountCount | Should -Be 2
        $s.OrganizationId | Should -BeNullOrEmpty
    }

    It 'loads the readable accounts and writes InvalidSnapshotFile (non-terminating) for an unreadable one' {
        $dir = New-TestSnapshot 'bad-json' -Account '111111111111' -Unreadable @{ '222222222222.json' = '{"RoleDetailList": [ {"RoleName": ' }
        $s = Import-RoleTrustSnapshot $dir -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $e[0].TargetObject | Should -Match '222222222222\.json$'
        $e[0].Exception.Message | Should -Match '222222222222\.json'
        $s | Should -BeOfType ([RoleTrust.Snapshot])
        $s.AccountCount | Should -Be 1
        $s.UserCount | Should -Be 2
    }

    It 'writes InvalidSnapshotFile for an account file whose name is not a 12-digit account ID' {
        $dir = New-TestSnapshot 'bad-name' -Unreadable @{ 'alice.json' = '{}' }
        $s = Import-RoleTrustSnapshot $dir -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $e[0].Exception.Message | Should -Match '12-digit'
        $s.AccountCount | Should -Be 2
    }

    It 'writes InvalidSnapshotFile for an unreadable organization.json' {
        $dir = New-TestSnapshot 'bad-org' -NoOrganization
        Set-Content (Join-Path $dir 'organization.json') '{"Organization": '
        $s = Import-RoleTrustSnapshot $dir -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly "InvalidSnapshotFile,$CommandClass"
        $e[0].TargetObject | Should -Match 'organization\.json$'
        $s.OrganizationId | Should -BeNullOrEmpty
        $s.AccountCount | Should -Be 2
    }

    It 'throws SnapshotNotFound (terminating, ObjectNotFound) for a folder that does not exist' {
        $missing = Join-Path $TestDrive 'missing'
        { Import-RoleTrustSnapshot $missing -ErrorAction SilentlyContinue } | Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
        try { Import-RoleTrustSnapshot $missing } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $missing
    }

    It 'throws SnapshotNotFound for a folder without accounts/*.json' {
        $empty = Join-Path $TestDrive 'empty'; $null = New-Item $empty -ItemType Directory
        { Import-RoleTrustSnapshot $empty } | Should -Throw -ErrorId "SnapshotNotFound,$CommandClass"
    }

    It 'rejects an empty path at binding time' {
        { Import-RoleTrustSnapshot '' } | Should -Throw -ErrorId "ParameterArgumentValidationError,$CommandClass"
    }
}
