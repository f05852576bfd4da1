# Shared by Examples.Tests.ps1 (the help's examples) and Readme.Tests.ps1 (the README's commands): runs PowerShell
# snippets as a reader would type them, in order, in one fresh pwsh that finds the staged module through PSModulePath,
# and checks the snippets that cannot run here (they need an AWS account or the reader's own files). docs/help.md
# describes the markers.

# A snippet that cannot run on any machine as written says so: an example title, or a comment in a README block, holding
# one of these.
$script:NeedsMarker = '\((needs AWS|needs input files)\)'

function Get-StagedManifest {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    (Resolve-Path $manifest).Path
}

# Runs the snippets ({ Name; Code }) one after the other in one fresh pwsh, dot-sourced so that a later snippet sees the
# variables of an earlier one (as Example 3 may continue Example 1). Returns per snippet: its error records (and a
# terminating error), and the text it put on the host (its formatted output, -WhatIf lines, warnings).
function Invoke-SnippetSequence {
    param([object[]] $Snippets, [string] $WorkingDirectory)
    $manifest = Get-StagedManifest
    # out/RoleTrust/<version>/RoleTrust.psd1: "Import-Module RoleTrust" and module auto-loading find it through PSModulePath.
    $modulePath = Split-Path (Split-Path (Split-Path $manifest))
    $id = [guid]::NewGuid().ToString('N')
    $snippetFile = Join-Path ([IO.Path]::GetTempPath()) "snippets-$id.json"
    $output = Join-Path ([IO.Path]::GetTempPath()) "results-$id.json"
    $runner = Join-Path ([IO.Path]::GetTempPath()) "runner-$id.ps1"
    @($Snippets | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Code = $_.Code } }) | ConvertTo-Json -Depth 3 -AsArray | Set-Content $snippetFile
    # The snippets run in this script's scope: its own variables have names no example uses.
    @'
param([string] $SnippetFile, [string] $ResultFile)
$__runnerResults = [Collections.Generic.List[object]]::new()
foreach ($__runnerSnippet in @(Get-Content $SnippetFile -Raw | ConvertFrom-Json)) {
    $__runnerErrors = [Collections.Generic.List[string]]::new()
    $__runnerLog = [IO.Path]::GetTempFileName()
    $null = Start-Transcript -Path $__runnerLog -Force
    try {
        . ([scriptblock]::Create($__runnerSnippet.Code)) 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $__runnerErrors.Add("$($_.FullyQualifiedErrorId): $_") } else { $_ }
        } | Out-Host
    }
    catch { $__runnerErrors.Add("$($_.FullyQualifiedErrorId): $_") }
    $null = Stop-Transcript
    # The transcript's body lies between its header and its footer, each framed by lines of asterisks.
    $__runnerParts = (Get-Content $__runnerLog -Raw) -split '(?m)^\*{10,}\s*$'
    $__runnerText = if ($__runnerParts.Count -ge 4) { $__runnerParts[2] } else { '' }
    $__runnerText = ($__runnerText -split '\r?\n' | Where-Object { $_ -notmatch '^(Transcript started|PS>|Windows PowerShell transcript)' }) -join "`n"
    Remove-Item $__runnerLog -ErrorAction Ignore
    $__runnerResults.Add([pscustomobject]@{ Name = $__runnerSnippet.Name; Errors = @($__runnerErrors); Output = $__runnerText.Trim() })
}
$__runnerResults | ConvertTo-Json -Depth 4 -AsArray | Set-Content $ResultFile
'@ | Set-Content $runner
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $old = $env:PSModulePath
    Push-Location $WorkingDirectory
    try {
        $env:PSModulePath = $modulePath + [IO.Path]::PathSeparator + $old
        $null = & $pwsh -NoProfile -NonInteractive -File $runner -SnippetFile $snippetFile -ResultFile $output 2>&1
        if (-not (Test-Path $output)) { throw "The snippet runner wrote no results (exit code $LASTEXITCODE)" }
        @(Get-Content $output -Raw | ConvertFrom-Json)
    }
    finally {
        $env:PSModulePath = $old
        Pop-Location
        Remove-Item $snippetFile, $output, $runner -ErrorAction Ignore
    }
}

# Whether a snippet's last statement shows something: an assignment or a redirection to $null shows nothing.
function Test-SnippetShowsOutput([string] $Code) {
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$null)
    $last = @($ast.EndBlock.Statements)[-1]
    if (-not $last -or $last -is [System.Management.Automation.Language.AssignmentStatementAst]) { return $false }
    $last.Extent.Text -notmatch '\|\s*Out-Null\s*$|^\$null\s*='
}

# What is wrong with a snippet that is not run: parse errors, and RoleTrust commands called with a parameter (or alias)
# they do not have. Commands of other modules (AWS.Tools) are not checked: they need not be installed here.
function Get-SnippetProblems([string] $Code) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { "does not parse: $($e.Message) (line $($e.Extent.StartLineNumber))" }
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    foreach ($call in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        $name = $call.GetCommandName()
        if (-not $name -or $name -notmatch '^[A-Z][a-z]+-') { continue }
        $command = Get-Command $name -ErrorAction Ignore
        if (-not $command) {
            if ((Get-Module RoleTrust).ExportedCmdlets.Keys -notcontains $name -and $name -cmatch '-(RoleTrust\w*|AssumeRolePath|AssumeRoleError|IamPolicy)$') { "calls $name, which RoleTrust does not export" }
            continue
        }
        if ($command.ModuleName -ne 'RoleTrust') { continue }
        $known = @($command.Parameters.Keys) + @($command.Parameters.Values | ForEach-Object { $_.Aliases }) + $common
        foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
            if ($known -notcontains $p.ParameterName) { "calls $name with -$($p.ParameterName), which it does not have" }
        }
    }
}
