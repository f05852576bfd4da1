#Requires -Version 7.0
# Help coverage for every cmdlet the module exports (conventions §2.11). Generic on purpose: cmdlets added
# later are covered as soon as they are exported.

BeforeDiscovery {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:cmdlets = @((Get-Module RoleTrust).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'RoleTrust help' {
    It 'exports at least one cmdlet to check' {
        @((Get-Module RoleTrust).ExportedCmdlets.Keys) | Should -Contain 'Test-IamPolicy'
    }

    It 'ships the MAML file next to the module' {
        $moduleBase = (Get-Module RoleTrust).ModuleBase
        $maml = Join-Path $moduleBase 'en-US/RoleTrust.dll-Help.xml'
        $maml | Should -Exist
        { [xml](Get-Content $maml -Raw) } | Should -Not -Throw
        ([xml](Get-Content $maml -Raw)).helpItems.schema | Should -Be 'maml'
    }

    It 'resolves Get-Help about_RoleTrust' {
        $about = Get-Help about_RoleTrust -ErrorAction Stop
        $text = $about | Out-String
        $text | Should -Match 'about_RoleTrust'
        $text | Should -Match 'Test-IamPolicy'
        $text | Should -Match 'CallerIdentity'
        $text | Should -Match 'NotApplicable'
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full -ErrorAction Stop
        $script:command = Get-Command $Name
        $script:parameters = @($command.Parameters.Values | Where-Object Name -NotIn $common)
    }

    It 'comes from the MAML file, not generated from the syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
        $help.Synopsis.Trim() | Should -Not -Be (($help.Syntax | Out-String).Trim())
        $help.Synopsis | Should -Not -Match '\[-\w+\]|<CommonParameters>'
    }

    It 'has a description' {
        ($help.Description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example, each with code and remarks' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($e in $examples) {
            $e.Code | Should -Match ([regex]::Escape($Name))
            ($e.Remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every non-common parameter' {
        $missing = foreach ($p in $parameters) {
            $h = $help.Parameters.Parameter | Where-Object Name -EQ $p.Name
            if (-not $h -or -not ($h.Description.Text -join ' ').Trim()) { $p.Name }
        }
        $missing | Should -BeNullOrEmpty -Because 'every parameter needs a description in en-US/RoleTrust.dll-Help.xml'
    }

    It 'documents only parameters the cmdlet has' {
        $stale = @($help.Parameters.Parameter.Name) | Where-Object { $_ -and -not $command.Parameters.ContainsKey($_) }
        $stale | Should -BeNullOrEmpty
    }

    It 'states pipeline input the way the cmdlet binds it' {
        foreach ($p in $parameters) {
            $h = $help.Parameters.Parameter | Where-Object Name -EQ $p.Name
            if (-not $h) { continue }   # reported by the description test
            $byValue = [bool]($p.ParameterSets.Values | Where-Object ValueFromPipeline)
            $byName = [bool]($p.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName)
            $h.PipelineInput -match 'ByValue' | Should -Be $byValue -Because "-$($p.Name) pipeline input"
            $h.PipelineInput -match 'ByPropertyName' | Should -Be $byName -Because "-$($p.Name) pipeline input"
        }
    }

    It 'names its output type' {
        $declared = @($command.OutputType.Name)
        $documented = @($help.ReturnValues.ReturnValue.Type.Name)
        foreach ($t in $declared) { $documented | Should -Contain $t }
    }
}
