#Requires -Version 7.0
<#
.SYNOPSIS
    Times the RoleTrust cmdlets on generated cases and on the bundled example snapshot.
.DESCRIPTION
    Called by `build.ps1 -Task Bench` in a fresh pwsh as `& bench/Measure-Cmdlets.ps1 -ModulePath <psd1>`.
    1. Generates 3,000 cases with bench/RoleTrust.Bench (seeded, so every run sees the same file).
    2. Test-IamPolicy -Path cases.jsonl: median of 5 warm runs.
    3. Test-IamPolicy -Path on a suite of the same size whose cases each carry their own policies (every document
       distinct, about 2 KB a line; bench/RoleTrust.Bench generate-inline), median of 5.
    4. Get-Content cases.jsonl | ConvertFrom-Json | Test-IamPolicy: the first file through the pipeline, median of 5.
    5. Test-AssumeRolePath on examples/bob-alice with an imported snapshot: the 4 expected paths piped
       -Repeat times (2,000 pairs by default), full checks and -Quiet, median of 5.
    Prints plain figures: milliseconds (median, min, max) and items per second.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-Cmdlets.ps1 -ModulePath out/RoleTrust/0.1.0/RoleTrust.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Cases = 3000,
    [int] $PathPairs = 2000,
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = Split-Path $PSScriptRoot
# A relative path without ./ would be taken for a module name.
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$example = Join-Path $root 'examples/bob-alice'

function Measure-Median {
    # Runs $Script $Runs times (after the caller's warm-up) and returns median/min/max milliseconds and the last item count.
    param([scriptblock] $Script, [int] $Runs)
    $times = [System.Collections.Generic.List[double]]::new()
    $count = 0
    for ($i = 0; $i -lt $Runs; $i++) {
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $count = & $Script
        $sw.Stop()
        $times.Add($sw.Elapsed.TotalMilliseconds)
    }
    $sorted = @($times | Sort-Object)
    [pscustomobject]@{ Median = $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]; Min = $sorted[0]; Max = $sorted[-1]; Count = $count }
}

function Write-Figure {
    param([string] $Name, [object] $M, [int] $Expected, [string] $Unit)
    $perSecond = $M.Count / ($M.Median / 1000)
    '{0,-52} {1,6} {2,-6} median {3,9:N1} ms  (min {4:N1}, max {5:N1})  {6,10:N0} {2}/s' -f $Name, $M.Count, $Unit, $M.Median, $M.Min, $M.Max, $perSecond
    if ($M.Count -ne $Expected) { throw "$Name produced $($M.Count) $Unit, expected $Expected." }
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) "roletrust-cmdlet-bench-$PID"
$null = New-Item $work -ItemType Directory -Force
try {
    $casesFile = Join-Path $work 'cases.jsonl'
    & dotnet run -c Release --project (Join-Path $root 'bench/RoleTrust.Bench') -- generate $casesFile $Cases
    if ($LASTEXITCODE -ne 0) { throw "Case generation failed with exit code $LASTEXITCODE" }
    $lines = @(Get-Content -LiteralPath $casesFile | Where-Object { $_ }).Count
    if ($lines -ne $Cases) { throw "Expected $Cases cases in $casesFile, found $lines." }

    Import-Module $ModulePath -Force
    $module = Get-Module RoleTrust
    "RoleTrust $($module.Version) from $($module.ModuleBase)"
    "PowerShell $($PSVersionTable.PSVersion), $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), $([Environment]::ProcessorCount) logical CPUs"
    "Cases: $Cases in $casesFile ($('{0:N0}' -f (Get-Item $casesFile).Length) bytes); $Runs timed runs each after one warm-up"
    ''

    # Test-IamPolicy -Path
    $viaPath = { @(Test-IamPolicy -Path $casesFile).Count }
    $warm = & $viaPath
    if ($warm -ne $Cases) { throw "Warm-up: Test-IamPolicy -Path wrote $warm decisions for $Cases cases." }
    Write-Figure 'Test-IamPolicy -Path cases.jsonl' (Measure-Median $viaPath $Runs) $Cases 'cases'

    # A suite whose cases each carry their own policies (every document distinct, about 2 KB a line)
    $inlineFile = Join-Path $work 'inline.jsonl'
    & dotnet run -c Release --project (Join-Path $root 'bench/RoleTrust.Bench') -- generate-inline $inlineFile $Cases
    if ($LASTEXITCODE -ne 0) { throw "Inline case generation failed with exit code $LASTEXITCODE" }
    $inlineMB = (Get-Item $inlineFile).Length / 1MB
    $viaInline = { @(Test-IamPolicy -Path $inlineFile).Count }
    $null = & $viaInline
    $m = Measure-Median $viaInline $Runs
    Write-Figure ('Test-IamPolicy -Path inline.jsonl ({0:N1} MB)' -f $inlineMB) $m $Cases 'cases'

    # The same file through ConvertFrom-Json and pipeline binding
    $viaPipe = { @(Get-Content -LiteralPath $casesFile | ConvertFrom-Json | Test-IamPolicy).Count }
    $null = & $viaPipe
    Write-Figure 'Get-Content | ConvertFrom-Json | Test-IamPolicy' (Measure-Median $viaPipe $Runs) $Cases 'cases'

    # Test-AssumeRolePath on the example snapshot
    $snapshot = Import-RoleTrustSnapshot $example
    $expected = @(Import-Csv (Join-Path $example 'expected-paths.csv'))
    $pairs = @(foreach ($i in 1..([math]::Ceiling($PathPairs / $expected.Count))) { $expected }) | Select-Object -First $PathPairs
    $checksPerPair = @(Test-AssumeRolePath -SourceArn $expected[0].SourceArn -RoleArn $expected[0].RoleArn -Snapshot $snapshot).Count
    $fullChecks = { @($pairs | Test-AssumeRolePath -Snapshot $snapshot).Count / $checksPerPair }
    $quiet = { @($pairs | Test-AssumeRolePath -Snapshot $snapshot -Quiet).Count }
    $null = & $fullChecks
    ''
    "Test-AssumeRolePath: $($pairs.Count) pairs (the $($expected.Count) expected paths of examples/bob-alice, repeated), imported snapshot, $checksPerPair checks per pair"
    Write-Figure 'Import-Csv rows | Test-AssumeRolePath' (Measure-Median $fullChecks $Runs) $pairs.Count 'paths'
    Write-Figure 'Import-Csv rows | Test-AssumeRolePath -Quiet' (Measure-Median $quiet $Runs) $pairs.Count 'paths'

    # Live Test-AssumeRolePath against the local fake AWS with 50 ms per call (one new invocation per run:
    # credentials, GetCallerIdentity, IAM on both sides, Organizations).
    $fakeDll = Join-Path $PSScriptRoot '../tests/RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll'
    if (Test-Path $fakeDll) {
        Add-Type -Path $fakeDll
        $fake = [RoleTrust.Testing.FakeAws]::new($example)
        try {
            $fake.AddKey('AKIDBENCHBOB00000001', 'benchBobSecret', [NullString]::Value, 'arn:aws:iam::111111111111:user/Bob')
            $fake.AddKey('AKIDBENCHALICE000001', 'benchAliceSecret', [NullString]::Value, 'arn:aws:iam::222222222222:user/auditor')
            $target = [Amazon.Runtime.BasicAWSCredentials]::new('AKIDBENCHALICE000001', 'benchAliceSecret')
            $live = { @(Test-AssumeRolePath -RoleArn arn:aws:iam::222222222222:role/Alice -SourceArn arn:aws:iam::111111111111:user/Bob `
                -AccessKey AKIDBENCHBOB00000001 -SecretKey benchBobSecret -Region us-east-1 -EndpointUrl $fake.Url -TargetCredential $target).Count }
            $null = & $live
            $fake.Latency = [TimeSpan]::FromMilliseconds(50)
            $fake.ClearLog()
            $t = Measure-Median $live 3
            ''
            "Live Test-AssumeRolePath (Bob -> Alice, cross-account, SCPs and RCPs) against the fake AWS at 50 ms per call: $('{0:N0}' -f $t.Median) ms end to end (median of 3); $($fake.Requests.Count / 3) calls per diagnosis"
        }
        finally { $fake.Dispose() }
    }
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
