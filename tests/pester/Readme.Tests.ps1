#Requires -Version 7.0
# Pester 6 tests that keep README.md and the code in step: the ErrorIds the module can write are the ones the Errors
# paragraph lists, the scheduled-audit recipe runs as printed, and every other PowerShell command of the README runs as
# written unless marked (needs AWS) or (needs input files), in which case it must parse and use real parameters (against
# the staged module, in a fresh pwsh; ExampleRunner.ps1 is shared with Examples.Tests.ps1, docs/help.md).

BeforeDiscovery {
    # The README's PowerShell blocks, but the scheduled-audit recipe (a script with parameters, run by its own tests),
    # cut into their top-level statements. A block whose first line is a comment holding a marker is marked as a whole;
    # otherwise a statement is marked by a comment on its own lines.
    . (Join-Path $PSScriptRoot 'ExampleRunner.ps1')
    $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
    $script:ReadmeStatements = @(foreach ($block in [regex]::Matches($readme, '(?s)```powershell\s*\n(.*?)```')) {
            $code = $block.Groups[1].Value
            if ($code -match '^\s*param\(') { continue }
            $line = ($readme.Substring(0, $block.Index) -split "`n").Count + 1
            $tokens = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$tokens, [ref]$null)
            $comments = @($tokens | Where-Object Kind -EQ 'Comment')
            $wholeBlock = ($code -split "`n")[0] -match "^\s*#.*$NeedsMarker"
            foreach ($st in $ast.EndBlock.Statements) {
                $marked = $wholeBlock -or [bool]($comments | Where-Object { $_.Extent.StartLineNumber -ge $st.Extent.StartLineNumber -and $_.Extent.StartLineNumber -le $st.Extent.EndLineNumber -and $_.Text -match $NeedsMarker })
                @{ Name = "README.md line $($line + $st.Extent.StartLineNumber - 1)"; Code = $st.Extent.Text; Runs = -not $marked }
            }
        })
    $script:ReadmeRunnable = @($ReadmeStatements | Where-Object { $_.Runs })
    $script:ReadmeMarked = @($ReadmeStatements | Where-Object { -not $_.Runs })
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Readme = Get-Content (Join-Path $Root 'README.md') -Raw

    # Every ErrorId the C# sources can put on an error record: the id argument of ErrorRecords.Create(...) and of
    # new ErrorRecord(exception, id, ...), as a literal, a choice between literals, or a constant of an *ErrorIds class
    # (ErrorRecords.FromPolicy writes PolicyFormatException.ErrorId, one of PolicyErrorIds).
    function script:Get-CodeErrorIds {
        $ids = [System.Collections.Generic.SortedSet[string]]::new([StringComparer]::Ordinal)
        $unrecognized = [System.Collections.Generic.List[string]]::new()
        $constants = @{}
        $files = Get-ChildItem (Join-Path $Root 'src') -Recurse -Filter '*.cs' | Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]'
        foreach ($f in $files) {
            $text = Get-Content $f.FullName -Raw
            foreach ($class in [regex]::Matches($text, 'class (\w+ErrorIds)\s*\{(?<body>[^}]*)\}')) {
                foreach ($c in [regex]::Matches($class.Groups['body'].Value, 'const string (\w+) = "(\w+)"')) { $constants["$($class.Groups[1].Value).$($c.Groups[1].Value)"] = $c.Groups[2].Value }
            }
        }
        foreach ($f in $files) {
            $text = Get-Content $f.FullName -Raw
            # Inside ErrorRecords itself the helpers call Create(...) unqualified.
            $create = if ($f.Name -eq 'ErrorRecords.cs') { '(?<![\w.])Create\(\s*(?<id>[^,]+),' } else { 'ErrorRecords\.Create\(\s*(?<id>[^,]+),' }
            $calls = @([regex]::Matches($text, $create) | ForEach-Object { $_.Groups['id'].Value.Trim() }) +
                @([regex]::Matches($text, 'new ErrorRecord\((?:[^,()]|\([^()]*\))+,\s*(?<id>[^,]+),') | ForEach-Object { $_.Groups['id'].Value.Trim() })
            foreach ($id in $calls) {
                $literals = [regex]::Matches($id, '"(\w+)"')
                if ($id -match '^"\w+"$' -or $id -match '^[\w. ]+\?\s*"\w+"\s*:\s*"\w+"$') { foreach ($l in $literals) { $null = $ids.Add($l.Groups[1].Value) } }
                elseif ($constants.ContainsKey($id)) { $null = $ids.Add($constants[$id]) }
                # An exception's or problem's ErrorId property holds one of the *ErrorIds constants (all of them are listed).
                elseif ($id -match '^\w+\.ErrorId$') { foreach ($v in $constants.Values) { $null = $ids.Add($v) } }
                elseif ($id -in 'errorId', 'string errorId' -and $f.Name -eq 'ErrorRecords.cs') { }   # Create's own parameter, declared and passed on
                else { $unrecognized.Add("$($f.Name): $id") }
            }
        }
        [pscustomobject]@{ Ids = @($ids); Unrecognized = @($unrecognized) }
    }

    # The backticked names of the README's Errors paragraph.
    function script:Get-ReadmeErrorIds {
        $section = [regex]::Match($Readme, '(?s)### Errors\s*\n(.*?)\n#').Groups[1].Value
        @([regex]::Matches($section, '`([A-Z][A-Za-z0-9]+)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique -CaseSensitive)
    }
}

Describe 'README.md: Errors' {
    It 'every error record in the code has an ErrorId this test can read (a literal, a choice of literals, or an *ErrorIds constant)' {
        (Get-CodeErrorIds).Unrecognized | Should -BeNullOrEmpty
    }

    It 'lists exactly the ErrorIds the code can write' {
        $code = (Get-CodeErrorIds).Ids
        $readme = Get-ReadmeErrorIds
        $code | Should -Not -BeNullOrEmpty
        @($code | Where-Object { $_ -cnotin $readme }) | Should -BeNullOrEmpty -Because 'every ErrorId the module writes must be documented in README.md (Errors)'
        @($readme | Where-Object { $_ -cnotin $code }) | Should -BeNullOrEmpty -Because 'README.md (Errors) must not list ErrorIds the code no longer writes'
    }
}

Describe 'README.md: the scheduled-audit recipe' {
    BeforeAll {
        $block = [regex]::Match($Readme, '(?s)### Scheduled audit.*?```powershell\s*\n(.*?)```').Groups[1].Value
        $script:Recipe = Join-Path $TestDrive 'audit.ps1'
        Set-Content $Recipe $block
        $manifest = $env:ROLETRUST_MODULE
        if (-not $manifest) { $manifest = Join-Path $Root 'out/RoleTrust/0.1.0/RoleTrust.psd1' }
        # out/RoleTrust/<version>/RoleTrust.psd1: "Import-Module RoleTrust" finds it through PSModulePath.
        $script:ModulePath = Split-Path (Split-Path (Split-Path $manifest))
        $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

        function script:Invoke-Recipe([string[]] $Arguments) {
            Push-Location $Root
            $old = $env:PSModulePath
            try {
                $env:PSModulePath = $ModulePath + [IO.Path]::PathSeparator + $old
                $output = & $Pwsh -NoProfile -NonInteractive -File $Recipe @Arguments 2>&1 | Out-String
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
            }
            finally { $env:PSModulePath = $old; Remove-Item (Join-Path $Root 'roletrust-gaps.csv') -ErrorAction Ignore; Pop-Location }
        }
    }

    It 'is in the README as a script' {
        Get-Content $Recipe -Raw | Should -Match 'Get-RoleTrustGap'
    }

    It 'fails (exit 1) on examples/bob-alice, whose expected paths are broken on purpose, naming the gaps' {
        $r = Invoke-Recipe @()
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match '6 gap\(s\) and 0 error\(s\)'
        $r.Output | Should -Match 'IdentityPolicy'
    }

    It 'passes (exit 0) when every expected path is open' {
        $csv = Join-Path $TestDrive 'open.csv'
        Import-Csv (Join-Path $Root 'examples/bob-alice/expected-paths.csv') | Where-Object SourceArn -Match 'ci-runner' | Export-Csv $csv
        $r = Invoke-Recipe @('-ExpectedPaths', $csv)
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match 'Every expected path is open'
    }

    It 'fails when a row cannot be evaluated, even with no gap from the other rows' {
        $csv = Join-Path $TestDrive 'bad-row.csv'
        @([pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:role/ci/ci-runner'; RoleArn = 'arn:aws:iam::222222222222:role/ci/Deploy'; DurationSeconds = '' }
          [pscustomobject]@{ SourceArn = 'arn:aws:iam::111111111111:role/ci/ci-runner'; RoleArn = 'arn:aws:iam::222222222222:role/ci/Deploy'; DurationSeconds = 'an hour' }) | Export-Csv $csv
        $r = Invoke-Recipe @('-ExpectedPaths', $csv)
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match '0 gap\(s\) and 1 error\(s\)'
    }

    It 'fails when the snapshot cannot be read at all' {
        $r = Invoke-Recipe @('-Snapshot', (Join-Path $TestDrive 'no-such-snapshot'))
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match 'no-such-snapshot'
    }
}

Describe 'README.md: its PowerShell commands' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ExampleRunner.ps1')
        Import-Module (Get-StagedManifest) -Force -ErrorAction Stop   # for the parameter check of the marked commands
        # The commands are written for the repository's root: a folder laid out like it, so that nothing they write
        # lands in the repository.
        $folder = Join-Path $TestDrive 'readme'
        $null = New-Item (Join-Path $folder 'out/RoleTrust') -ItemType Directory -Force
        Copy-Item (Split-Path (Get-StagedManifest)) (Join-Path $folder 'out/RoleTrust/0.1.0') -Recurse
        Copy-Item (Join-Path $Root 'examples') $folder -Recurse
        $null = New-Item (Join-Path $folder 'bench') -ItemType Directory
        Copy-Item (Join-Path $Root 'bench/cases-sample.jsonl') (Join-Path $folder 'bench')
        $script:ReadmeResults = @{}
        foreach ($r in Invoke-SnippetSequence -Snippets $ReadmeRunnable -WorkingDirectory $folder) { $ReadmeResults[$r.Name] = $r }
    }

    It 'has commands that run without AWS' {
        $ReadmeRunnable.Count | Should -BeGreaterOrEqual 10
    }

    It '<Name> runs as written, without an error record' -ForEach $ReadmeRunnable {
        $ReadmeResults[$Name] | Should -Not -BeNullOrEmpty
        @($ReadmeResults[$Name].Errors) | Should -BeNullOrEmpty
    }

    It '<Name> (marked) parses and uses only parameters its cmdlets have' -ForEach $ReadmeMarked {
        @(Get-SnippetProblems $Code) | Should -BeNullOrEmpty
    }
}
