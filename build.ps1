#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks RoleTrust.
.DESCRIPTION
    Build    stages an importable module under out/RoleTrust/<version>.
    Test     runs every xunit project, then Pester in a fresh pwsh against the staged module, and ends by
             printing one line "N passed, N failed" for all runners together (non-zero exit on any failure).
             Installs Graphviz and Chromium with apt-get when they are missing (the drawing tests need them).
    Demo     runs Test-AssumeRolePath and Get-RoleTrustGap on the bundled example snapshot (no AWS account).
    Bench    runs the engine benchmark and times Test-IamPolicy -Path and Test-AssumeRolePath, then generates a synthetic
             organization (-BenchScale Small: 100 accounts, 20,000 roles; Full: 500 accounts, 100,000 roles, ~500 MB)
             and measures snapshot load, trust findings and peak memory on it (bench/README.md).
    Package  writes out/nupkg/RoleTrust.<version>.nupkg.
    Tasks run in the order given; Test, Demo, Bench and Package build first.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [ValidateSet('Small', 'Full')]
    [string] $BenchScale = 'Small'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$version = (Import-PowerShellDataFile (Join-Path $root 'RoleTrust.psd1')).ModuleVersion
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out "RoleTrust/$version"
$pwshExe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Clean {
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
}

$script:built = $false
function Invoke-Build {
    if ($script:built) { return }
    Write-Host "Building RoleTrust $version ($Configuration)" -ForegroundColor Cyan
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/RoleTrust/RoleTrust.csproj'), '-c', $Configuration, '-o', $moduleDir,
        "-p:Version=$version", '--nologo', '-v', 'quiet')
    Copy-Item (Join-Path $root 'RoleTrust.psd1') $moduleDir
    Copy-Item (Join-Path $root 'src/RoleTrust/RoleTrust.Format.ps1xml') $moduleDir
    # en-US holds the help sources (help/*.md) and the about topic; the module ships the about topic and the MAML built
    # from the sources and the compiled cmdlets (tools/help/HelpSources.psm1, docs/help.md).
    $helpDir = New-Item (Join-Path $moduleDir 'en-US') -ItemType Directory -Force
    Copy-Item (Join-Path $root 'en-US/about_*.help.txt') $helpDir
    # The example snapshot ships with the module, so help examples and README commands run from any installation.
    $null = New-Item (Join-Path $moduleDir 'examples') -ItemType Directory -Force
    Copy-Item (Join-Path $root 'examples/bob-alice') (Join-Path $moduleDir 'examples') -Recurse
    # PowerShell's module loader does not read .deps.json; the reference assembly of S.M.A must never ship.
    Get-ChildItem $moduleDir -Filter '*.deps.json' | Remove-Item
    Get-ChildItem $moduleDir -Filter 'System.Management.Automation.dll' | Remove-Item
    $null = Test-ModuleManifest (Join-Path $moduleDir 'RoleTrust.psd1')
    $helpCommand = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $root 'tools/help/HelpSources.psm1')'
Import-Module '$(Join-Path $moduleDir 'RoleTrust.psd1')'
try { Export-RoleTrustMaml -SourceFolder '$(Join-Path $root 'en-US/help')' -ModuleName RoleTrust -OutFile '$(Join-Path $helpDir 'RoleTrust.dll-Help.xml')' }
catch { Write-Host `$_.Exception.Message -ForegroundColor Red; exit 1 }
"@
    if ((Invoke-Fresh $helpCommand) -ne 0) { throw 'Help generation failed: fix en-US/help/*.md (see docs/help.md)' }
    Write-Host "Staged module: $moduleDir"
    $script:built = $true
}

function Invoke-Fresh {
    # A fresh process: a loaded binary module cannot be unloaded, and tests must see only the staged build.
    param([string] $Command)
    # Out-Host: the child's output must reach the console, not become part of this function's return value.
    & $pwshExe -NoProfile -NonInteractive -Command $Command | Out-Host
    return $LASTEXITCODE
}

# The drawing tests render DOT with Graphviz and HTML with headless Chromium (tests/pester/Graph.Tests.ps1). On a Debian
# or Ubuntu machine without them (a fresh CI machine), install them quietly; if that is not possible, say so: those tests
# then fail, they are never skipped.
function Install-TestTools {
    $missing = @(@{ Command = 'dot'; Package = 'graphviz' }, @{ Command = 'chromium'; Package = 'chromium' } |
        Where-Object { -not (Get-Command $_.Command -CommandType Application -ErrorAction SilentlyContinue) })
    if ($missing.Count -eq 0) { return }
    $packages = @($missing | ForEach-Object Package)
    $aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $aptGet -or -not $isRoot) {
        Write-Warning "Missing $($packages -join ', ') and cannot install them here (needs apt-get as root): the drawing tests will fail."
        return
    }
    Write-Host "Installing test tools: $($packages -join ', ')" -ForegroundColor Cyan
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq | Out-Null
    & apt-get install -y -qq --no-install-recommends @packages | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get install $($packages -join ' ') failed (exit $LASTEXITCODE): the drawing tests will fail." }
}

function Invoke-Test {
    Invoke-Build
    Install-TestTools
    $resultsDir = Join-Path $out 'test-results'
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    $null = New-Item $resultsDir -ItemType Directory
    $passed = 0; $failed = 0

    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj') {
        Write-Host "xunit: $($project.BaseName)" -ForegroundColor Cyan
        $trx = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$trx" --results-directory $resultsDir -v quiet
        $file = Join-Path $resultsDir $trx
        if (-not (Test-Path $file)) { Write-Host "  no results: the project did not build or run"; $failed++; continue }
        $counters = ([xml](Get-Content $file -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }

    Write-Host 'Pester: tests/pester' -ForegroundColor Cyan
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/pester/Pester.proj'), '--nologo', '-v', 'quiet')
    # The live tests start the local fake AWS endpoint from PowerShell.
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/RoleTrust.FakeAws/RoleTrust.FakeAws.csproj'), '-c', $Configuration, '--nologo', '-v', 'quiet')
    $env:ROLETRUST_FAKEAWS = Join-Path $root "tests/RoleTrust.FakeAws/bin/$Configuration/net10.0/RoleTrust.FakeAws.dll"
    $pester = Join-Path $root 'tests/pester/packages/pester/6.2.0/tools/Pester.psd1'
    $summary = Join-Path $resultsDir 'pester-summary.json'
    $env:ROLETRUST_MODULE = Join-Path $moduleDir 'RoleTrust.psd1'
    $command = @"
Import-Module '$pester' -Force
`$c = New-PesterConfiguration
`$c.Run.Path = '$(Join-Path $root 'tests/pester')'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Normal'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputPath = '$(Join-Path $resultsDir 'pester.xml')'
`$r = Invoke-Pester -Configuration `$c
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$summary'
"@
    $null = Invoke-Fresh $command
    if (Test-Path $summary) {
        $p = Get-Content $summary -Raw | ConvertFrom-Json
        $passed += $p.Passed; $failed += $p.Failed
    } else { Write-Host '  Pester did not report results'; $failed++ }

    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $example = Join-Path $root 'examples/bob-alice'
    $command = @"
Import-Module '$(Join-Path $moduleDir 'RoleTrust.psd1')'
`$snapshot = Import-RoleTrustSnapshot '$example'
`$snapshot | Format-Table
Write-Host '--- Why cannot Bob assume Alice? ---' -ForegroundColor Cyan
Test-AssumeRolePath -SourceArn arn:aws:iam::111111111111:user/Bob -RoleArn arn:aws:iam::222222222222:role/Alice -Snapshot `$snapshot | Format-Table -Wrap
Write-Host '--- What to change (Get-RoleTrustGap) ---' -ForegroundColor Cyan
Get-RoleTrustGap -SourceArn arn:aws:iam::111111111111:user/Bob -RoleArn arn:aws:iam::222222222222:role/Alice -Snapshot `$snapshot | Format-List Check, Status, Summary, Fix, PolicyDocument
Write-Host '--- Audit every expected path (examples/bob-alice/expected-paths.csv) ---' -ForegroundColor Cyan
Import-Csv '$(Join-Path $example 'expected-paths.csv')' | Get-RoleTrustGap -Snapshot `$snapshot | Format-Table -Wrap
"@
    if ((Invoke-Fresh $command) -ne 0) { throw 'Demo failed' }
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $root 'bench/RoleTrust.Bench'), '--')
    Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $root 'bench/RoleTrust.Bench'), '--', 'live')
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/RoleTrust.FakeAws/RoleTrust.FakeAws.csproj'), '-c', 'Release', '--nologo', '-v', 'quiet')
    $benchScript = Join-Path $root 'bench/Measure-Cmdlets.ps1'
    if ((Invoke-Fresh "& '$benchScript' -ModulePath '$(Join-Path $moduleDir 'RoleTrust.psd1')'") -ne 0) { throw 'Cmdlet benchmark failed' }
    # Organization scale: a generated snapshot (never committed), measured, then deleted.
    $size = if ($BenchScale -eq 'Full') { @('--accounts', '500', '--roles', '100000', '--users', '20000') } else { @('--accounts', '100', '--roles', '20000', '--users', '4000') }
    $orgDir = Join-Path ([System.IO.Path]::GetTempPath()) "roletrust-org-$PID"
    try {
        Invoke-Native dotnet (@('run', '-c', 'Release', '--project', (Join-Path $root 'bench/RoleTrust.Bench'), '--', 'generate-org', $orgDir) + $size + @('--seed', '1'))
        Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $root 'bench/RoleTrust.Bench'), '--', 'scale', $orgDir)
    }
    finally { if (Test-Path $orgDir) { Remove-Item $orgDir -Recurse -Force } }
}

function Invoke-Package {
    Invoke-Build
    $nupkgDir = Join-Path $out 'nupkg'
    $null = New-Item $nupkgDir -ItemType Directory -Force
    $command = @"
Register-PSResourceRepository -Name RoleTrustLocal -Uri '$nupkgDir' -Trusted
try { Publish-PSResource -Path '$moduleDir' -Repository RoleTrustLocal -SkipDependenciesCheck }
finally { Unregister-PSResourceRepository -Name RoleTrustLocal }
"@
    if ((Invoke-Fresh $command) -ne 0) { throw 'Package failed' }
    Get-ChildItem $nupkgDir -Filter '*.nupkg' | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
    }
}
