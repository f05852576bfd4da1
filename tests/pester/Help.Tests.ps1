#Requires -Version 7.0
# Help coverage for every cmdlet the module exports, as Get-Help shows it from the staged module (the MAML that build.ps1
# makes from en-US/help/*.md and the compiled cmdlets, docs/help.md). Generic on purpose: cmdlets added later are covered
# as soon as they are exported. The examples are run by Examples.Tests.ps1.

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
        $missing | Should -BeNullOrEmpty -Because 'every parameter needs a description in en-US/help/<Verb-Noun>.md'
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

    It 'shows every parameter with its type in the syntax, as Get-Command -Syntax does (a type in angle brackets, such as String[], not a bare name)' {
        $helpSyntax = ($help.Syntax | Out-String -Width 10000) -replace '\s+', ' '
        $commandSyntax = (Get-Command $Name -Syntax) -replace '\s+', ' '
        foreach ($p in $parameters) {
            $m = [regex]::Match($commandSyntax, "-$($p.Name)\]? (?<type><[^>]+>)")
            if ($p.SwitchParameter) { $helpSyntax | Should -Match "-$($p.Name)\b" -Because "-$($p.Name) is in the syntax"; continue }
            $m.Success | Should -BeTrue -Because "Get-Command -Syntax shows -$($p.Name) with its type"
            # A parameter with a set of values shows them ({A | B}) in place of its type.
            # Get-Command writes C# keywords (<int>), the help the .NET name (<Int32>).
            $type = [Nullable]::GetUnderlyingType($p.ParameterType) ?? $p.ParameterType
            $names = @($m.Groups['type'].Value, "<$($type.Name)>") | ForEach-Object { [regex]::Escape($_) }
            $helpSyntax | Should -Match "-$($p.Name)\]? ($($names -join '|')|\{[^}]+\})" -Because "the help's syntax shows -$($p.Name) <$($type.Name)>"
        }
    }

    It 'states the default value the cmdlet really has' {
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        foreach ($p in $parameters) {
            $h = $help.Parameters.Parameter | Where-Object Name -EQ $p.Name
            if (-not $h -or -not ($p.ParameterSets.Values | Where-Object { -not $_.IsMandatory })) { continue }   # always mandatory: no default
            $value = $command.ImplementingType.GetProperty($p.Name).GetValue($instance)
            $text = if ($value -is [array]) { $value -join ', ' } elseif ($value -is [System.Management.Automation.SwitchParameter]) { if ($value.IsPresent) { 'True' } } elseif ($value -is [bool]) { if ($value) { 'True' } } else { [string]$value }
            if ($text) { "$($h.DefaultValue)".Trim() | Should -Be $text -Because "-$($p.Name) defaults to $text" }
            else { "$($h.DefaultValue)".Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) says what happens when it is left out" }
        }
    }

    It 'declares HelpUri, and the help''s first related link is that address' {
        $command.HelpUri | Should -Match '^https://'
        $command.HelpUri | Should -Match "/$([regex]::Escape($Name))\.md$"
        @($help.relatedLinks.navigationLink)[0].uri | Should -Be $command.HelpUri
    }

    It 'names, in its text, only parameters it has (or another cmdlet''s, with that cmdlet named in the sentence)' {
        $own = @($command.Parameters.Keys) + @($command.Parameters.Values | ForEach-Object { $_.Aliases })
        $others = @((Get-Module RoleTrust).ExportedCmdlets.Values | Where-Object Name -NE $Name)
        $texts = @($help.Description.Text) + @($help.Parameters.Parameter | ForEach-Object { $_.Description.Text })
        $stray = foreach ($t in $texts) {
            foreach ($sentence in "$t" -split '(?<=[.;])\s+') {
                foreach ($m in [regex]::Matches($sentence, '(?<![\w/$.-])-(?<name>[A-Z][A-Za-z]+)\b')) {
                    $n = $m.Groups['name'].Value
                    if ($own -contains $n) { continue }
                    $owners = @($others | Where-Object { $_.Parameters.ContainsKey($n) })
                    if ($owners -and -not ($owners | Where-Object { $sentence -match [regex]::Escape($_.Name) })) { "-$n in: $sentence" }
                }
            }
        }
        $stray | Should -BeNullOrEmpty -Because 'a paragraph naming another cmdlet''s parameter as its own was written for that cmdlet'
    }

    It 'names its output type' {
        $declared = @($command.OutputType.Name)
        $documented = @($help.ReturnValues.ReturnValue.Type.Name)
        foreach ($t in $declared) { $documented | Should -Contain $t }
    }
}

Describe 'The build refuses a help source that does not match its cmdlet' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../tools/help/HelpSources.psm1') -Force
        $script:SourceText = Get-Content (Join-Path $PSScriptRoot '../../en-US/help/Test-IamPolicy.md') -Raw
        function script:Get-Problems([string] $text) {
            $path = Join-Path $TestDrive 'Test-IamPolicy.md'
            Set-Content $path $text -NoNewline
            @(Test-HelpSource -Source (Read-HelpSource $path) -Command (Get-Command Test-IamPolicy))
        }
    }

    It 'accepts the source as it is' {
        Get-Problems $SourceText | Should -BeNullOrEmpty
    }

    It 'refuses a source that leaves a parameter out' {
        $without = [regex]::Replace($SourceText, '(?s)### -ManagementAccount\s.*?(?=### )', '')
        Get-Problems $without | Should -Match '-ManagementAccount has no description'
    }

    It 'refuses a source that describes a parameter the cmdlet does not have' {
        $extra = $SourceText -replace '### -Id\b', "### -NoSuchParameter`n`nNot a parameter.`n`n### -Id"
        Get-Problems $extra | Should -Match 'has no parameter -NoSuchParameter'
    }

    It 'refuses a default value the code contradicts' {
        $wrong = $SourceText -replace 'Default value: sts:AssumeRole', 'Default value: sts:TagSession'
        Get-Problems $wrong | Should -Match "default is 'sts:AssumeRole'"
    }
}
