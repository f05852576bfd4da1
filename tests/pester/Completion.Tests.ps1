#Requires -Version 7.0
# Pester 6 tests for tab completion of -Region, -ProfileName and the ARNs of the -Snapshot on the same line.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

Describe 'Tab completion' {
    It 'completes -RoleArn with the roles of the -Snapshot folder on the same line' {
        $r = Complete "Test-AssumeRolePath -Snapshot '$Example' -RoleArn arn:aws:iam::222222222222:role/A"
        $r | Should -Be @('arn:aws:iam::222222222222:role/Alice')
    }

    It 'completes -SourceArn with the users and roles of a loaded snapshot in a variable' {
        $global:CompletionSnapshot = Import-RoleTrustSnapshot $Example
        try {
            $r = Complete 'Get-RoleTrustGap -Snapshot $CompletionSnapshot -SourceArn arn:aws:iam::111111111111:'
            $r | Should -Contain 'arn:aws:iam::111111111111:user/Bob'
            $r | Should -Contain 'arn:aws:iam::111111111111:role/ci/ci-runner'
            $r | Should -Not -Contain 'arn:aws:iam::222222222222:role/Alice'
        } finally { Remove-Variable CompletionSnapshot -Scope Global }
    }

    It 'offers no ARN without a snapshot, and never fails on a folder that is not one' {
        Complete 'Test-AssumeRolePath -RoleArn arn:aws' | Should -BeNullOrEmpty
        Complete "Test-AssumeRolePath -Snapshot '$TestDrive' -RoleArn arn:aws" | Should -BeNullOrEmpty
    }

    It 'completes -Region with the regions the SDK knows' {
        $r = Complete 'Test-AssumeRolePath -Region eu-west-'
        $r | Should -Contain 'eu-west-1'
        $r | Should -Not -Contain 'us-east-1'
        Complete 'Save-RoleTrustSnapshot -Region us-gov-w' | Should -Contain 'us-gov-west-1'
    }

    It 'completes -ProfileName with the profiles of -ProfileLocation' {
        $file = Join-Path $TestDrive 'credentials'
        "[audit-prod]`naws_access_key_id = AKIAEXAMPLE0000000001`naws_secret_access_key = x`n`n[audit-dev]`naws_access_key_id = AKIAEXAMPLE0000000002`naws_secret_access_key = y`n[other]`naws_access_key_id = AKIAEXAMPLE0000000003`naws_secret_access_key = z" | Set-Content $file
        Complete "Test-AssumeRolePath -ProfileLocation '$file' -ProfileName audit-" | Should -Be @('audit-dev', 'audit-prod')
    }
}
