#Requires -Version 7.0
# The help's examples, as Get-Help shows them from the staged module (not as the sources under en-US/help say): every
# example that needs no AWS account and no file of the reader's runs as written, in order, in a fresh pwsh that finds
# the module through PSModulePath, from an empty folder (the example snapshot is the one that ships with the module);
# an example whose title says "(needs AWS)" or "(needs input files)" must parse and call RoleTrust's cmdlets only with
# parameters they have. The README's commands are run the same way by Readme.Tests.ps1 (ExampleRunner.ps1).

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ExampleRunner.ps1')
    Import-Module (Get-StagedManifest) -Force -ErrorAction Stop
    $script:Cmdlets = @(foreach ($name in (Get-Module RoleTrust).ExportedCmdlets.Keys | Sort-Object) {
            $examples = @((Get-Help $name -Examples).Examples.Example | ForEach-Object {
                    $title = $_.Title.Trim('-', ' ')
                    @{ Cmdlet = $name; Title = $title; Code = [string]$_.Code; Runs = $title -notmatch "$NeedsMarker\s*$" }
                })
            @{ Name = $name; Examples = $examples; Runnable = @($examples | Where-Object Runs); Marked = @($examples | Where-Object { -not $_.Runs }) }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'ExampleRunner.ps1')
    Import-Module (Get-StagedManifest) -Force -ErrorAction Stop
}

Describe 'Examples of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $folder = Join-Path $TestDrive $Name
        $null = New-Item $folder -ItemType Directory
        $snippets = @($Runnable | ForEach-Object { @{ Name = $_.Title; Code = $_.Code } })
        $script:Results = @{}
        foreach ($r in Invoke-SnippetSequence -Snippets $snippets -WorkingDirectory $folder) { $Results[$r.Name] = $r }
    }

    It 'has at least two examples that run without AWS or input files' {
        $Runnable.Count | Should -BeGreaterOrEqual 2
    }

    It '<Title> runs as written, without an error record' -ForEach $Runnable {
        $r = $Results[$Title]
        $r | Should -Not -BeNullOrEmpty -Because 'the runner reports every example'
        @($r.Errors) | Should -BeNullOrEmpty
        if (Test-SnippetShowsOutput $Code) { $r.Output | Should -Not -BeNullOrEmpty -Because 'the example ends with a command that shows its result' }
    }

    It '<Title> parses and uses only parameters its cmdlets have' -ForEach $Marked -AllowNullOrEmptyForEach {
        @(Get-SnippetProblems $Code) | Should -BeNullOrEmpty
    }
}

Describe 'The example checker' {
    It 'finds a parameter a RoleTrust cmdlet does not have, and a parse error' {
        @(Get-SnippetProblems 'Test-IamPolicy -Principal arn:aws:iam::111111111111:user/Bob -Resource * -NoSuchParameter 1') | Should -Match 'NoSuchParameter'
        @(Get-SnippetProblems 'Test-IamPolicy -Principal (') | Should -Match 'does not parse'
        @(Get-SnippetProblems 'Get-RoleTrustGap -Snapshot ./s -SourceArn x -RoleArn y | Write-IAMUserPolicy -ProfileName dev') | Should -BeNullOrEmpty
        @(Get-SnippetProblems 'Get-RoleTrustGaps -Snapshot ./s') | Should -Match 'does not export'
    }

    It 'reports an example that writes an error record, and one that throws' {
        $r = Invoke-SnippetSequence -Snippets @(@{ Name = 'a'; Code = 'Import-RoleTrustSnapshot ./no-such-folder' }, @{ Name = 'b'; Code = 'throw "stop"' }, @{ Name = 'c'; Code = 'Save-RoleTrustSnapshot ./snap -AccountId 111111111111 -WhatIf' }) -WorkingDirectory $TestDrive
        $r[0].Errors | Should -Match 'SnapshotNotFound'
        $r[1].Errors | Should -Match 'stop'
        $r[2].Errors | Should -BeNullOrEmpty
        $r[2].Output | Should -Match 'What if'
    }
}
