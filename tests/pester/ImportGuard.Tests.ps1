#Requires -Version 7.0
# Pester 6 tests for the import guard (src/RoleTrust/ModuleInitializer.cs) and for sharing AWS SDK v4 with AWS.Tools v5.
# Every scenario runs in a fresh pwsh: a loaded assembly cannot be unloaded, and each needs its own load order.

BeforeAll {
    $script:Manifest = $env:ROLETRUST_MODULE
    if (-not $Manifest) { $script:Manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    $script:Manifest = (Resolve-Path $Manifest).Path
    $script:ModuleDir = Split-Path $Manifest
    $script:FakeDll = $env:ROLETRUST_FAKEAWS
    if (-not $FakeDll) { $script:FakeDll = Join-Path $PSScriptRoot '../RoleTrust.FakeAws/bin/Release/net10.0/RoleTrust.FakeAws.dll' }
    $script:Example = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/bob-alice')).Path
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:Bob = 'arn:aws:iam::111111111111:user/Bob'

    # What a live Bob -> Alice run must say: the snapshot's statuses, with the two live-only checks passing.
    Import-Module $Manifest -Force -ErrorAction Stop
    $script:Expected = @(Test-AssumeRolePath -SourceArn $Bob -RoleArn $Alice -Snapshot $Example | ForEach-Object {
            "$($_.Check)=$(if ($_.Check -in 'CallerIdentity', 'StsEndpoint') { 'Pass' } else { $_.Status })"
        })

    # Runs a script in a fresh pwsh and returns its last output line parsed from JSON.
    function script:Invoke-FreshPwsh {
        param([string] $Name, [string] $Body)
        $file = Join-Path $TestDrive "$Name.ps1"
        Set-Content $file $Body
        $out = @(& $Pwsh -NoProfile -NonInteractive -File $file -Manifest $Manifest -ModuleDir $ModuleDir -FakeDll $FakeDll -Example $Example -WorkDir (Join-Path $TestDrive $Name) 2>&1)
        $json = $out | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1
        if (-not $json) { throw "The child process wrote no result. Output:`n$($out -join "`n")" }
        "$json" | ConvertFrom-Json
    }

    # Shared by the two sharing scenarios: a live Bob -> Alice run against the fake, with credentials of the loaded SDK type.
    $script:ChildPrologue = @'
param([string] $Manifest, [string] $ModuleDir, [string] $FakeDll, [string] $Example, [string] $WorkDir)
$ErrorActionPreference = 'Stop'
$null = New-Item $WorkDir -ItemType Directory -Force
function Invoke-LiveBobAlice {
    param([object] $Fake, [switch] $WithCredentialObjects)
    $p = @{ RoleArn = 'arn:aws:iam::222222222222:role/Alice'; Region = 'us-east-1'; EndpointUrl = $Fake.Url
        TargetCredential = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAFAKETARGET000007', 'targetGUARDsecret0000000000000000000000007')
        OrganizationCredential = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAFAKEORGREADER007', 'orgGUARDsecret000000000000000000000000007') }
    if ($WithCredentialObjects) { $p.Credential = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAFAKEBOB000000007', 'bobGUARDsecret000000000000000000000000007') }
    else { $p.AccessKey = 'AKIAFAKEBOB000000007'; $p.SecretKey = 'bobGUARDsecret000000000000000000000000007' }
    @(Test-AssumeRolePath @p | ForEach-Object { "$($_.Check)=$($_.Status)" })
}
function New-Fake {
    Add-Type -Path $FakeDll
    $fake = [RoleTrust.Testing.FakeAws]::new($Example)
    $fake.AddKey('AKIAFAKEBOB000000007', 'bobGUARDsecret000000000000000000000000007', [NullString]::Value, 'arn:aws:iam::111111111111:user/Bob')
    $fake.AddKey('AKIAFAKETARGET000007', 'targetGUARDsecret0000000000000000000000007', [NullString]::Value, 'arn:aws:iam::222222222222:user/RoleTrustReader')
    $fake.AddKey('AKIAFAKEORGREADER007', 'orgGUARDsecret000000000000000000000000007', [NullString]::Value, 'arn:aws:iam::999999999999:user/OrgReader')
    $fake
}
function Get-SdkCore { @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { "$($_.GetName().Version)|$($_.Location)" }) }
'@
}

AfterAll {
    Remove-Module RoleTrust -ErrorAction Ignore
}

Describe 'Import guard: AWS SDK v3 already loaded' {
    BeforeAll {
        $script:r = Invoke-FreshPwsh 'sdk-v3' (@'
param([string] $Manifest, [string] $ModuleDir, [string] $FakeDll, [string] $Example, [string] $WorkDir)
$ErrorActionPreference = 'Stop'
$dll = Join-Path $WorkDir 'v3/AWSSDK.Core.dll'
$null = New-Item (Split-Path $dll) -ItemType Directory -Force
# Add-Type -OutputAssembly names the assembly at random (pwsh 7.6), so the guard would never see an "AWSSDK.Core";
# compile with the Roslyn that Add-Type uses, naming the assembly explicitly.
Add-Type -AssemblyName Microsoft.CodeAnalysis, Microsoft.CodeAnalysis.CSharp
$source = '[assembly: System.Reflection.AssemblyVersion("3.3.0.0")] namespace RoleTrustGuardTest { public static class PretendSdkV3 { } }'
$compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('AWSSDK.Core',
    [Microsoft.CodeAnalysis.SyntaxTree[]] @([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($source)),
    [Microsoft.CodeAnalysis.MetadataReference[]] @([Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([object].Assembly.Location)),
    [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
$stream = [IO.File]::Create($dll)
try { $emitted = $compilation.Emit([IO.Stream] $stream, $null, $null, $null, $null, $null, $null, $null, $null, $null, [Threading.CancellationToken]::None) } finally { $stream.Dispose() }
if (-not $emitted.Success) { throw "compilation failed: $($emitted.Diagnostics)" }
Add-Type -Path $dll
$loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { "$($_.GetName().Version)" })
$message = $null; $imported = $false; $category = $null; $inner = $null
try { Import-Module $Manifest -ErrorAction Stop; $imported = $true } catch {
    $message = $_.Exception.Message; if ($_.Exception.InnerException) { $message += ' | ' + $_.Exception.InnerException.Message }
    $category = "$($_.CategoryInfo.Category)"
    $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }; $inner = $e.GetType().FullName
}
[pscustomobject]@{ Loaded = $loaded; Imported = $imported; Message = $message; Category = $category; Inner = $inner; Registered = [bool](Get-Module RoleTrust) } | ConvertTo-Json -Compress
'@)
    }

    It 'has the dummy AWSSDK.Core 3.3.0.0 loaded before the import (the scenario is real)' {
        @($r.Loaded) | Should -Be @('3.3.0.0')
    }

    It 'refuses Import-Module with a message naming AWS SDK v3 and AWS.Tools' {
        $r.Imported | Should -BeFalse -Because "Message: $($r.Message)"
        $r.Message | Should -Match 'AWS SDK v3'
        $r.Message | Should -Match 'AWS\.Tools'
        $r.Message | Should -Match '3\.3\.0\.0'
        $r.Registered | Should -BeFalse
    }

    It 'reports the refusal as ResourceUnavailable, from the module''s own exception type' {
        $r.Inner | Should -Be 'RoleTrust.AwsSdkConflictException'
        $r.Category | Should -Be 'ResourceUnavailable' 
    }
}

Describe 'Sharing AWS SDK v4 with AWS.Tools v5' {
    It 'works when the SDK v4 assemblies are loaded first (as AWS.Tools v5 does), then RoleTrust' {
        $r = Invoke-FreshPwsh 'sdk-first' ($ChildPrologue + @'
Add-Type -Path (Join-Path $ModuleDir 'AWSSDK.Core.dll')
Add-Type -Path (Join-Path $ModuleDir 'AWSSDK.SecurityToken.dll')
$before = Get-SdkCore
Import-Module $Manifest
$fake = New-Fake
try {
    $viaKeys = Invoke-LiveBobAlice $fake
    $viaObjects = Invoke-LiveBobAlice $fake -WithCredentialObjects
} finally { $fake.Dispose() }
[pscustomobject]@{ Before = $before; After = Get-SdkCore; ViaKeys = $viaKeys; ViaObjects = $viaObjects; Imported = [bool](Get-Module RoleTrust) } | ConvertTo-Json -Compress
'@)
        $r.Imported | Should -BeTrue
        @($r.Before) | Should -HaveCount 1
        @($r.Before)[0] | Should -Match '^4\.'
        @($r.After) | Should -Be @($r.Before)
        @($r.ViaKeys) | Should -Be $Expected
        @($r.ViaObjects) | Should -Be $Expected
    }

    It 'works when RoleTrust is imported and used first, then the SDK v4 assemblies are loaded' {
        $r = Invoke-FreshPwsh 'module-first' ($ChildPrologue + @'
Import-Module $Manifest
# RoleTrust loads its SDK copy itself (resolving its parameter types), before anything else does.
$null = (Get-Command Test-AssumeRolePath).Parameters['Credential'].ParameterType
$fake = New-Fake
try {
    $first = Invoke-LiveBobAlice $fake
    $before = Get-SdkCore
    Add-Type -Path (Join-Path $ModuleDir 'AWSSDK.Core.dll')
    Add-Type -Path (Join-Path $ModuleDir 'AWSSDK.SecurityToken.dll')
    $sts = [Amazon.SecurityToken.AmazonSecurityTokenServiceConfig]::new().RegionEndpointServiceName
    $viaKeys = Invoke-LiveBobAlice $fake
    $viaObjects = Invoke-LiveBobAlice $fake -WithCredentialObjects
} finally { $fake.Dispose() }
[pscustomobject]@{ Before = $before; After = Get-SdkCore; First = $first; ViaKeys = $viaKeys; ViaObjects = $viaObjects; Sts = $sts } | ConvertTo-Json -Compress
'@)
        @($r.Before) | Should -HaveCount 1
        @($r.Before)[0] | Should -Match '^4\.'
        @($r.After) | Should -Be @($r.Before)
        $r.Sts | Should -Be 'sts'
        @($r.First) | Should -Be $Expected
        @($r.ViaKeys) | Should -Be $Expected
        @($r.ViaObjects) | Should -Be $Expected
    }
}
