#Requires -Version 7.0
# The help of RoleTrust's cmdlets: one Markdown source per cmdlet (en-US/help/<Verb-Noun>.md) for what only a writer
# knows (synopsis, description, what each parameter means, examples, notes, links), and the compiled cmdlet for
# everything the code decides (parameter sets, types, mandatory markers, positions, pipeline input, aliases, accepted
# values, defaults, the online link). Build merges the two into the MAML file PowerShell reads (Get-Help), and refuses
# a source that does not match its cmdlet. The format is described in docs/help.md.

Set-StrictMode -Version 3.0

$script:Sections = @('Synopsis', 'Description', 'Parameters', 'Inputs', 'Outputs', 'Notes', 'Examples', 'Related links')
$script:Required = @('Synopsis', 'Description', 'Inputs', 'Outputs', 'Examples')
# Titles ending with one of these say why an example cannot run on any machine as written; those examples are only
# syntax-checked by the tests (tests/pester/Examples.Tests.ps1). Every other example must run against the installed module.
$script:ExampleMarkers = [ordered]@{
    NeedsAws   = '(needs AWS)'
    NeedsInput = '(needs input files)'
}
$script:RunnableExamplesPerCmdlet = 2
# Marks a paragraph taken verbatim from a fenced block (an example's output), not Markdown.
$script:Verbatim = [string][char]1

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

# Descriptions of the parameters PowerShell adds to a cmdlet that supports ShouldProcess: not in the sources.
$script:ShouldProcessParameters = [ordered]@{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# ---------------------------------------------------------------------------------------------------- reading a source

function Read-HelpSource {
    <#
    .SYNOPSIS
        Reads one help source (en-US/help/<Verb-Noun>.md) into its parts, with the problems of its form.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $file = Split-Path $Path -Leaf
    $lines = [IO.File]::ReadAllLines((Resolve-Path $Path).Path)
    $source = [pscustomobject]@{
        Path        = $Path
        Name        = ''
        Synopsis    = ''
        Description = [Collections.Generic.List[string]]::new()
        Parameters  = [ordered]@{}
        Inputs      = [Collections.Generic.List[object]]::new()
        Outputs     = [Collections.Generic.List[object]]::new()
        Notes       = [Collections.Generic.List[string]]::new()
        Examples    = [Collections.Generic.List[object]]::new()
        Links       = [Collections.Generic.List[object]]::new()
        Problems    = [Collections.Generic.List[string]]::new()
    }
    function Problem([int] $line, [string] $text) { $source.Problems.Add("${file}:$($line + 1): $text") }

    # First pass: split into sections (##) and subsections (###), keeping line numbers; fenced blocks are opaque.
    $section = $null; $sub = $null; $blocks = [Collections.Generic.List[object]]::new()
    $fence = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($fence) {
            if ($line -match '^```\s*$') { $fence.End = $i; $fence = $null }
            else { $fence.Lines.Add($line) }
            continue
        }
        if ($line -match '^```(?<info>.*)$') {
            $fence = [pscustomobject]@{ Kind = 'Fence'; Info = $Matches.info.Trim(); Lines = [Collections.Generic.List[string]]::new(); Line = $i; End = -1; Section = $section; Sub = $sub }
            $blocks.Add($fence)
            continue
        }
        if ($line -match '^# (?<name>\S+)\s*$') {
            if ($source.Name) { Problem $i 'a second title (# Name)' }
            $source.Name = $Matches.name
            continue
        }
        if ($line -match '^## (?<title>.+?)\s*$') {
            $section = $Matches.title; $sub = $null
            if ($section -notin $Sections) { Problem $i "unknown section '## $section' (sections: $($Sections -join ', '))" }
            continue
        }
        if ($line -match '^### (?<title>.+?)\s*$') {
            $sub = [pscustomobject]@{ Title = $Matches.title; Line = $i }
            $blocks.Add([pscustomobject]@{ Kind = 'Sub'; Sub = $sub; Section = $section; Line = $i })
            continue
        }
        if ($line -match '^#') { Problem $i "a heading this format does not use: '$line'" }
        $blocks.Add([pscustomobject]@{ Kind = 'Line'; Text = $line; Line = $i; Section = $section; Sub = $sub })
    }
    if ($fence) { Problem $fence.Line 'a code block that is never closed (```)' }
    if (-not $source.Name) { Problem 0 'no title (# Verb-Noun)' }
    elseif ($source.Name + '.md' -ne $file) { Problem 0 "the title '$($source.Name)' is not the file name '$file'" }

    # Second pass: paragraphs per (section, subsection).
    $groups = [ordered]@{}
    $order = [Collections.Generic.List[object]]::new()
    foreach ($b in $blocks) {
        if ($null -eq $b.Section) {
            if ($b.Kind -ne 'Line' -or $b.Text.Trim()) { Problem $b.Line 'text before the first section (## Synopsis)' }
            continue
        }
        $key = "$($b.Section)`u{1}$(if ($b.Kind -eq 'Sub') { $b.Sub.Line } elseif ($b.Sub) { $b.Sub.Line } else { '' })"
        if (-not $groups.Contains($key)) {
            $g = [pscustomobject]@{ Section = $b.Section; Sub = $(if ($b.Kind -eq 'Sub') { $b.Sub } else { $b.Sub }); Items = [Collections.Generic.List[object]]::new() }
            $groups[$key] = $g; $order.Add($g)
        }
        if ($b.Kind -ne 'Sub') { $groups[$key].Items.Add($b) }
    }
    foreach ($g in $order) {
        $paragraphs = ConvertTo-Paragraphs $g.Items
        $title = if ($g.Sub) { $g.Sub.Title } else { $null }
        $at = if ($g.Sub) { $g.Sub.Line } elseif ($g.Items.Count) { $g.Items[0].Line } else { 0 }
        $prose = @($paragraphs | Where-Object Kind -EQ 'Text' | ForEach-Object Text)
        $fences = @($paragraphs | Where-Object Kind -EQ 'Fence')
        if ($g.Section -ne 'Examples' -and $fences.Count) { Problem $fences[0].Line "code blocks belong in examples only (section $($g.Section))" }
        switch ($g.Section) {
            'Synopsis' {
                if ($title) { Problem $at 'the synopsis has no subsections' }
                if ($prose.Count -ne 1) { Problem $at 'the synopsis is one paragraph' }
                if ($prose.Count) { $source.Synopsis = $prose[0] }
            }
            { $_ -in 'Description', 'Notes' } {
                if ($title) { Problem $at "the $($g.Section.ToLowerInvariant()) has no subsections" }
                foreach ($p in $prose) { $source.$($g.Section).Add($p) }
            }
            'Parameters' {
                if (-not $title) { if ($prose.Count) { Problem $at 'parameter text goes under ### -Name' }; break }
                if ($title -notmatch '^-(?<name>[A-Za-z][A-Za-z0-9]*)$') { Problem $at "a parameter heading is '### -Name', not '### $title'"; break }
                $name = $Matches.name
                if ($source.Parameters.Contains($name)) { Problem $at "-$name is described twice"; break }
                $default = $null
                $texts = [Collections.Generic.List[string]]::new()
                foreach ($p in $prose) {
                    if ($p -match '^Default value:\s*(?<value>.+)$') { $default = $Matches.value.Trim() } else { $texts.Add($p) }
                }
                $source.Parameters[$name] = [pscustomobject]@{ Name = $name; Paragraphs = $texts; Default = $default; Line = $at }
            }
            { $_ -in 'Inputs', 'Outputs' } {
                if (-not $title) { if ($prose.Count) { Problem $at "$($g.Section.ToLowerInvariant()) text goes under ### TypeName" }; break }
                $source.$($g.Section).Add([pscustomobject]@{ Type = $title; Paragraphs = $prose })
            }
            'Examples' {
                if (-not $title) { if ($prose.Count -or $fences.Count) { Problem $at 'example text goes under ### Example N: Title' }; break }
                $n = $source.Examples.Count + 1
                if ($title -notmatch "^Example $n(: (?<title>.+))?$") { Problem $at "examples are numbered in order: expected '### Example ${n}: Title', found '### $title'"; break }
                $exampleTitle = if ($Matches['title']) { $Matches['title'] } else { '' }
                $code = @($fences | Where-Object { $_.Info -eq 'powershell' })
                if ($code.Count -ne 1) { Problem $at "an example has exactly one '``````powershell' code block (found $($code.Count))" }
                foreach ($f in $fences | Where-Object { $_.Info -notin 'powershell', 'text', 'output' }) { Problem $f.Line "code blocks are ``````powershell (the example) or ``````output (what it prints), not '$($f.Info)'" }
                $remarks = [Collections.Generic.List[string]]::new()
                foreach ($p in $paragraphs) {
                    if ($p.Kind -eq 'Text') { $remarks.Add($p.Text) }
                    elseif ($p.Info -ne 'powershell') { $remarks.Add($Verbatim + ($p.Lines -join "`n")) }
                }
                if (-not $remarks.Count) { Problem $at "Example $n says nothing about what it does (add a paragraph under its code)" }
                $markers = @($ExampleMarkers.GetEnumerator() | Where-Object { $exampleTitle.EndsWith($_.Value) } | ForEach-Object Key)
                $source.Examples.Add([pscustomobject]@{
                        Number  = $n; Title = $exampleTitle; Line = $at
                        Code    = if ($code.Count) { ($code[0].Lines -join "`n").TrimEnd() } else { '' }
                        Remarks = $remarks; Markers = $markers
                    })
            }
            'Related links' {
                if ($title) { Problem $at 'related links have no subsections' }
                foreach ($item in $g.Items | Where-Object { $_.Kind -eq 'Line' -and $_.Text.Trim() }) {
                    if ($item.Text -match '^- \[(?<text>[^\]]+)\]\((?<target>[^)]*)\)\s*$') { $source.Links.Add([pscustomobject]@{ Text = $Matches.text; Target = $Matches.target }) }
                    elseif ($item.Text -match '^- (?<text>[^\[\]()]+?)\s*$') { $source.Links.Add([pscustomobject]@{ Text = $Matches.text; Target = '' }) }
                    else { Problem $item.Line "a related link is '- [text](target)' or '- text', not '$($item.Text)'" }
                }
            }
        }
    }
    foreach ($s in $Required) {
        $has = switch ($s) {
            'Synopsis' { [bool]$source.Synopsis }
            'Description' { $source.Description.Count -gt 0 }
            'Inputs' { $source.Inputs.Count -gt 0 }
            'Outputs' { $source.Outputs.Count -gt 0 }
            'Examples' { $source.Examples.Count -gt 0 }
        }
        if (-not $has) { Problem 0 "no $s (## $s)" }
    }
    $source
}

# Paragraphs of Markdown text: lines joined by blank lines; a list item ("- ") is a paragraph of its own, kept with its
# dash; fenced blocks stay whole. Paragraphs stay Markdown until written (ConvertFrom-InlineMarkdown).
function ConvertTo-Paragraphs([Collections.Generic.List[object]] $items) {
    $result = [Collections.Generic.List[object]]::new()
    $current = [Collections.Generic.List[string]]::new(); $start = 0
    $flush = {
        if ($current.Count) {
            $result.Add([pscustomobject]@{ Kind = 'Text'; Text = ($current -join ' '); Line = $start })
            $current.Clear()
        }
    }
    foreach ($item in $items) {
        if ($item.Kind -eq 'Fence') { & $flush; $result.Add([pscustomobject]@{ Kind = 'Fence'; Info = $item.Info; Lines = $item.Lines; Line = $item.Line }); continue }
        $text = $item.Text.Trim()
        if (-not $text) { & $flush; continue }
        if ($text.StartsWith('- ')) { & $flush }
        if (-not $current.Count) { $start = $item.Line }
        $current.Add($text)
    }
    & $flush
    $result
}

function ConvertFrom-InlineMarkdown([string] $text) {
    # Code spans keep their text without the backticks (``a `b` c`` for text holding a backtick); links keep their text,
    # and a web link its address in brackets; backslash escapes lose the backslash.
    $text = [regex]::Replace($text, '``\s?(.+?)\s?``', '$1')
    $text = [regex]::Replace($text, '`([^`]+)`', '$1')
    $text = [regex]::Replace($text, '\[([^\]]+)\]\((https?://[^)\s]+)\)', '$1 ($2)')
    $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)\s]*)\)', '$1')
    $text = [regex]::Replace($text, '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1')
    $text
}

# ---------------------------------------------------------------------------------------------------- the cmdlet side

# Everything Get-Help shows about a parameter that the code decides, read from the loaded cmdlet.
function Get-ParameterFacts {
    param([System.Management.Automation.CmdletInfo] $Command, [object] $Instance)
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $facts = [ordered]@{}
    foreach ($p in $Command.Parameters.Values) {
        if ($p.Name -in $common) { continue }
        $sets = @($p.ParameterSets.GetEnumerator() | ForEach-Object { [pscustomobject]@{ Set = $_.Key; Data = $_.Value } })
        $type = $p.ParameterType
        $elementType = if ([Nullable]::GetUnderlyingType($type)) { [Nullable]::GetUnderlyingType($type) } else { $type }
        $validSet = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues)
        $initial = $Command.ImplementingType.GetProperty($p.Name).GetValue($Instance)
        $positions = @($sets | ForEach-Object { $_.Data.Position } | Sort-Object -Unique)
        $mandatory = @($sets | Where-Object { $_.Data.IsMandatory } | ForEach-Object Set)
        $facts[$p.Name] = [pscustomobject]@{
            Name          = $p.Name
            Type          = $elementType
            TypeName      = $elementType.FullName
            ShortType     = Get-ShortTypeName $elementType
            IsSwitch      = $elementType -eq [System.Management.Automation.SwitchParameter]
            IsArray       = $elementType.IsArray
            Aliases       = @($p.Aliases)
            Globbing      = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            ByValue       = [bool]($sets | Where-Object { $_.Data.ValueFromPipeline })
            ByName        = [bool]($sets | Where-Object { $_.Data.ValueFromPipelineByPropertyName })
            Position      = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string]$positions[0] } else { 'Named' }
            AlwaysMandatory = $mandatory.Count -gt 0 -and $mandatory.Count -eq $sets.Count
            MandatoryIn   = $mandatory
            Sets          = @($sets | ForEach-Object Set)
            ValidSet      = $validSet
            Initial       = $initial
        }
    }
    $facts
}

function Get-ShortTypeName([type] $type) {
    if ($type.IsArray) { return (Get-ShortTypeName $type.GetElementType()) + '[]' }
    $type.Name
}

# The value a cmdlet gives an optional parameter the caller leaves out, as its property initializer sets it; $null when
# the initializer says nothing (null, an empty string or array, a switch that is off).
function Get-InitialValueText($facts) {
    $v = $facts.Initial
    if ($null -eq $v) { return $null }
    if ($v -is [System.Management.Automation.SwitchParameter]) { return $(if ($v.IsPresent) { 'True' } else { $null }) }
    if ($v -is [string]) { return $(if ($v.Length) { $v } else { $null }) }
    if ($v -is [array]) { return $(if ($v.Count) { $v -join ', ' } else { $null }) }
    if ($v -is [bool]) { return $(if ($v) { 'True' } else { $null }) }
    [string]$v
}

function Get-OnlineUri([System.Management.Automation.CmdletInfo] $Command) {
    $links = $Command.ImplementingType.Assembly.GetType('RoleTrust.Internal.HelpLinks', $true)
    $base = $links.GetField('Base', [Reflection.BindingFlags]'NonPublic, Public, Static').GetValue($null)
    $base + $Command.Name + '.md'
}

function Get-DeclaredHelpUri([System.Management.Automation.CmdletInfo] $Command) {
    $attribute = $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
    $attribute.HelpUri
}

# ---------------------------------------------------------------------------------------------------- checks

function Test-HelpSource {
    <#
    .SYNOPSIS
        The problems of one source against its cmdlet: parameters without a description, descriptions of parameters the
        cmdlet does not have, defaults that contradict the code, output types not documented, too few runnable examples.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Source, [Parameter(Mandatory)] [System.Management.Automation.CmdletInfo] $Command)

    $file = Split-Path $Source.Path -Leaf
    $problems = [Collections.Generic.List[string]]::new()
    foreach ($p in $Source.Problems) { $problems.Add($p) }
    $facts = Get-ParameterFacts $Command ([Activator]::CreateInstance($Command.ImplementingType))
    foreach ($name in $facts.Keys) {
        if ($name -in $ShouldProcessParameters.Keys) { continue }
        if (-not $Source.Parameters.Contains($name)) { $problems.Add("${file}: -$name has no description (add '### -$name')"); continue }
        if (-not $Source.Parameters[$name].Paragraphs.Count) { $problems.Add("${file}: -$name has a heading but no description") }
    }
    foreach ($name in $Source.Parameters.Keys) {
        $line = $Source.Parameters[$name].Line + 1
        if (-not $facts.Contains($name)) {
            $alias = @($facts.Values | Where-Object { $_.Aliases -contains $name } | ForEach-Object Name)
            $problems.Add("${file}:${line}: $($Command.Name) has no parameter -$name$(if ($alias) { " (-$name is an alias of -$($alias[0]))" })")
            continue
        }
        $f = $facts[$name]; $stated = $Source.Parameters[$name].Default; $initial = Get-InitialValueText $f
        if ($stated -and $f.AlwaysMandatory) { $problems.Add("${file}:${line}: -$name is mandatory, so it has no default value; remove 'Default value: $stated'") }
        elseif ($stated -and $initial -and $stated -ne $initial) { $problems.Add("${file}:${line}: -$name says 'Default value: $stated' but the cmdlet's default is '$initial'") }
    }
    # A paragraph that names a parameter the cmdlet does not have was written for another cmdlet (or an older version).
    $known = @($facts.Keys) + @($facts.Values | ForEach-Object { $_.Aliases }) + $ShouldProcessParameters.Keys + [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $prose = @($Source.Synopsis) + $Source.Description + $Source.Notes + @($Source.Parameters.Values | ForEach-Object { $_.Paragraphs }) + @($Source.Inputs | ForEach-Object { $_.Paragraphs }) + @($Source.Outputs | ForEach-Object { $_.Paragraphs })
    foreach ($markdown in $prose) {
        # A code span holding a command line (`dot -Tsvg graph.dot`) quotes another program; a bare `-Name` is still checked.
        $text = ConvertFrom-InlineMarkdown ([regex]::Replace($markdown, '`[^`]*\s[^`]*`', ''))
        foreach ($m in [regex]::Matches($text, '(?<![\w/$.-])-(?<name>[A-Z][A-Za-z]+)\b')) {
            $n = $m.Groups['name'].Value
            if ($known -notcontains $n -and -not (Test-OtherCommandParameter $text $m.Index $n)) {
                $problems.Add("${file}: the text names -$n, which $($Command.Name) does not have: '$(Get-Excerpt $text $m.Index)'")
            }
        }
    }
    $documented = @($Source.Outputs | ForEach-Object Type)
    foreach ($t in $Command.OutputType) {
        if ($documented -notcontains $t.Name -and $documented -notcontains $t.Type.FullName) { $problems.Add("${file}: the output type $($t.Name) is not under ## Outputs") }
    }
    $runnable = @($Source.Examples | Where-Object { -not $_.Markers })
    if ($runnable.Count -lt $RunnableExamplesPerCmdlet) {
        $problems.Add("${file}: $($runnable.Count) example(s) run without AWS or input files; at least $RunnableExamplesPerCmdlet must (use the example snapshot that ships with the module)")
    }
    foreach ($e in $Source.Examples) {
        $tokens = $null; $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($e.Code, [ref]$tokens, [ref]$errors)
        foreach ($err in $errors) { $problems.Add("${file}: Example $($e.Number) does not parse: $($err.Message) (line $($err.Extent.StartLineNumber))") }
        if ($e.Code -notmatch "(?<![\w-])$([regex]::Escape($Command.Name))(?![\w-])") { $problems.Add("${file}: Example $($e.Number) does not use $($Command.Name)") }
    }
    $problems
}

# "-Snapshot" after another RoleTrust cmdlet's name in the same sentence ("... with Test-AssumeRolePath -Console") is
# that cmdlet's parameter; other cmdlets are checked with their own sources.
function Test-OtherCommandParameter([string] $text, [int] $index, [string] $name) {
    $before = $text.Substring(0, $index)
    $sentence = $before.Substring([Math]::Max(0, $before.LastIndexOfAny([char[]]'.;')))
    foreach ($m in [regex]::Matches($sentence, '\b(?<cmd>[A-Z][a-z]+-[A-Za-z]+)\b')) {
        $other = Get-Command $m.Groups['cmd'].Value -ErrorAction Ignore
        if ($other -and $other.Parameters -and ($other.Parameters.ContainsKey($name) -or @($other.Parameters.Values | ForEach-Object { $_.Aliases }) -contains $name)) { return $true }
    }
    $false
}

function Get-Excerpt([string] $text, [int] $index) {
    $from = [Math]::Max(0, $index - 40)
    $text.Substring($from, [Math]::Min(90, $text.Length - $from))
}

# ---------------------------------------------------------------------------------------------------- writing MAML

function New-MamlDocument {
    $doc = [xml]::new()
    $null = $doc.AppendChild($doc.CreateXmlDeclaration('1.0', 'utf-8', $null))
    $root = $doc.CreateElement('helpItems', 'http://msh')
    $root.SetAttribute('schema', 'maml')
    $null = $doc.AppendChild($root)
    $null = $root.AppendChild($doc.CreateComment(' Generated by build.ps1 (tools/help/HelpSources.psm1) from en-US/help/*.md and the compiled cmdlets. Do not edit: edit the sources (docs/help.md). '))
    $doc
}

function Add-Element($parent, [string] $qualified, [string] $text = $null, [hashtable] $attributes = @{}) {
    $prefix, $local = $qualified.Split(':')
    $ns = switch ($prefix) { 'maml' { $MamlNs } 'command' { $CommandNs } 'dev' { $DevNs } }
    $e = $parent.OwnerDocument.CreateElement($prefix, $local, $ns)
    foreach ($k in $attributes.Keys | Sort-Object { @('required', 'variableLength', 'globbing', 'pipelineInput', 'position', 'aliases').IndexOf($_) }) { $e.SetAttribute($k, $attributes[$k]) }
    if ($null -ne $text) { $e.InnerText = $text }
    $null = $parent.AppendChild($e)
    $e
}

function Add-Paragraphs($parent, [string[]] $paragraphs) {
    foreach ($p in $paragraphs) {
        $text = if ($p.StartsWith($Verbatim)) { $p.Substring(1) } else { ConvertFrom-InlineMarkdown $p }
        $null = Add-Element $parent 'maml:para' $text
    }
}

function Get-PipelineText($f) {
    if ($f.ByValue -and $f.ByName) { 'True (ByValue, ByPropertyName)' }
    elseif ($f.ByValue) { 'True (ByValue)' }
    elseif ($f.ByName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Add-ParameterValue($parent, $f, [bool] $inSyntax) {
    if ($f.IsSwitch) {
        if (-not $inSyntax) { $null = Add-Element $parent 'command:parameterValue' 'SwitchParameter' @{ required = 'false'; variableLength = 'false' } }
    }
    else {
        $null = Add-Element $parent 'command:parameterValue' $f.ShortType @{ required = 'true'; variableLength = $f.IsArray.ToString().ToLowerInvariant() }
        if ($inSyntax -and $f.ValidSet.Count) {
            $group = Add-Element $parent 'command:parameterValueGroup'
            foreach ($v in $f.ValidSet) { $null = Add-Element $group 'command:parameterValue' $v @{ required = 'false'; variableLength = 'false' } }
        }
    }
    $type = Add-Element $parent 'dev:type'
    $null = Add-Element $type 'maml:name' $f.TypeName
    $null = Add-Element $type 'maml:uri'
}

function Get-ShouldProcessFacts([string] $name) {
    [pscustomobject]@{
        Name = $name; Type = [System.Management.Automation.SwitchParameter]; TypeName = 'System.Management.Automation.SwitchParameter'
        ShortType = 'SwitchParameter'; IsSwitch = $true; IsArray = $false; Aliases = @($(if ($name -eq 'WhatIf') { 'wi' } else { 'cf' }))
        Globbing = $false; ByValue = $false; ByName = $false; Position = 'Named'; AlwaysMandatory = $false; MandatoryIn = @(); Sets = @(); ValidSet = @(); Initial = $null
    }
}

function Add-MamlCommand {
    param($Document, $Source, [System.Management.Automation.CmdletInfo] $Command)

    $facts = Get-ParameterFacts $Command ([Activator]::CreateInstance($Command.ImplementingType))
    $supportsShouldProcess = $Command.Parameters.ContainsKey('WhatIf')
    $cmd = Add-Element $Document.DocumentElement 'command:command'
    foreach ($ns in @{ maml = $MamlNs; command = $CommandNs; dev = $DevNs; MSHelp = 'http://msdn.microsoft.com/mshelp' }.GetEnumerator()) {
        $cmd.SetAttribute("xmlns:$($ns.Key)", $ns.Value)
    }
    $details = Add-Element $cmd 'command:details'
    $null = Add-Element $details 'command:name' $Command.Name
    $null = Add-Element $details 'command:verb' $Command.Verb
    $null = Add-Element $details 'command:noun' $Command.Noun
    Add-Paragraphs (Add-Element $details 'maml:description') $Source.Synopsis
    Add-Paragraphs (Add-Element $cmd 'maml:description') $Source.Description

    # One syntax item per parameter set, in the order Get-Command shows them: positional parameters by position, then
    # mandatory named ones, then the rest; hidden parameters (DontShow) left out.
    $syntax = Add-Element $cmd 'command:syntax'
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $item = Add-Element $syntax 'command:syntaxItem'
        $null = Add-Element $item 'maml:name' $Command.Name
        $members = @($set.Parameters | Where-Object { $facts.Contains($_.Name) -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow -and ($_.ParameterSetName -eq $set.Name -or $_.ParameterSetName -eq '__AllParameterSets') }) })
        $ordered = @($members | Where-Object Position -GE 0 | Sort-Object Position) + @($members | Where-Object { $_.Position -lt 0 -and $_.IsMandatory }) + @($members | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory })
        foreach ($m in $ordered) {
            $f = $facts[$m.Name]
            $p = Add-Element $item 'command:parameter' $null @{
                required = $m.IsMandatory.ToString().ToLowerInvariant(); variableLength = $f.IsArray.ToString().ToLowerInvariant(); globbing = $f.Globbing.ToString().ToLowerInvariant()
                pipelineInput = $(if ($m.ValueFromPipeline -and $m.ValueFromPipelineByPropertyName) { 'True (ByValue, ByPropertyName)' } elseif ($m.ValueFromPipeline) { 'True (ByValue)' } elseif ($m.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' } else { 'False' })
                position = $(if ($m.Position -ge 0) { [string]$m.Position } else { 'Named' }); aliases = $(if ($f.Aliases.Count) { $f.Aliases -join ', ' } else { 'none' })
            }
            $null = Add-Element $p 'maml:name' $m.Name
            Add-ParameterValue $p $f $true
        }
        if ($supportsShouldProcess) {
            foreach ($name in $ShouldProcessParameters.Keys) {
                $f = Get-ShouldProcessFacts $name
                $p = Add-Element $item 'command:parameter' $null @{ required = 'false'; variableLength = 'false'; globbing = 'false'; pipelineInput = 'False'; position = 'Named'; aliases = $f.Aliases -join ', ' }
                $null = Add-Element $p 'maml:name' $name
                Add-ParameterValue $p $f $true
            }
        }
    }

    # Parameters in the order the source describes them (most important first), then WhatIf and Confirm.
    $parameters = Add-Element $cmd 'command:parameters'
    $entries = @($Source.Parameters.Values | Where-Object { $facts.Contains($_.Name) } | ForEach-Object { [pscustomobject]@{ Facts = $facts[$_.Name]; Paragraphs = @($_.Paragraphs); Default = $_.Default } })
    if ($supportsShouldProcess) { $entries += @($ShouldProcessParameters.GetEnumerator() | ForEach-Object { [pscustomobject]@{ Facts = (Get-ShouldProcessFacts $_.Key); Paragraphs = @($_.Value); Default = $null } }) }
    foreach ($e in $entries) {
        $f = $e.Facts
        $text = [Collections.Generic.List[string]]::new()
        foreach ($para in $e.Paragraphs) { $text.Add($para) }
        if (-not $f.AlwaysMandatory -and $f.MandatoryIn.Count) {
            $text.Add("Required in the parameter set$(if ($f.MandatoryIn.Count -gt 1) { 's' }) $($f.MandatoryIn -join ', ') (see SYNTAX); optional in the others.")
        }
        $p = Add-Element $parameters 'command:parameter' $null @{
            required = $f.AlwaysMandatory.ToString().ToLowerInvariant(); variableLength = $f.IsArray.ToString().ToLowerInvariant(); globbing = $f.Globbing.ToString().ToLowerInvariant()
            pipelineInput = (Get-PipelineText $f); position = $f.Position; aliases = $(if ($f.Aliases.Count) { $f.Aliases -join ', ' } else { 'none' })
        }
        $null = Add-Element $p 'maml:name' $f.Name
        Add-Paragraphs (Add-Element $p 'maml:description') $text
        Add-ParameterValue $p $f $false
        $default = if ($f.AlwaysMandatory) { 'None' } elseif ($e.Default) { $e.Default } elseif ($null -ne (Get-InitialValueText $f)) { Get-InitialValueText $f } elseif ($f.IsSwitch) { 'False' } else { 'None' }
        $null = Add-Element $p 'dev:defaultValue' $default
    }

    $inputs = Add-Element $cmd 'command:inputTypes'
    foreach ($i in $Source.Inputs) {
        $it = Add-Element $inputs 'command:inputType'
        $null = Add-Element (Add-Element $it 'dev:type') 'maml:name' $i.Type
        Add-Paragraphs (Add-Element $it 'maml:description') $i.Paragraphs
    }
    $outputs = Add-Element $cmd 'command:returnValues'
    foreach ($o in $Source.Outputs) {
        $rv = Add-Element $outputs 'command:returnValue'
        $null = Add-Element (Add-Element $rv 'dev:type') 'maml:name' $o.Type
        Add-Paragraphs (Add-Element $rv 'maml:description') $o.Paragraphs
    }
    if ($Source.Notes.Count) { Add-Paragraphs (Add-Element (Add-Element $cmd 'maml:alertSet') 'maml:alert') $Source.Notes }

    $examples = Add-Element $cmd 'command:examples'
    foreach ($e in $Source.Examples) {
        $ex = Add-Element $examples 'command:example'
        $title = "Example $($e.Number)$(if ($e.Title) { ": $($e.Title)" })"
        $null = Add-Element $ex 'maml:title' "-------------------------- $title --------------------------"
        $null = Add-Element $ex 'dev:code' $e.Code
        Add-Paragraphs (Add-Element $ex 'dev:remarks') $e.Remarks
    }

    # The first link is the online version (Get-Help -Online opens it; it matches the cmdlet's HelpUri).
    $links = Add-Element $cmd 'command:relatedLinks'
    $online = Add-Element $links 'maml:navigationLink'
    $null = Add-Element $online 'maml:linkText' 'Online Version:'
    $null = Add-Element $online 'maml:uri' (Get-OnlineUri $Command)
    foreach ($l in $Source.Links) {
        $link = Add-Element $links 'maml:navigationLink'
        $null = Add-Element $link 'maml:linkText' $l.Text
        $null = Add-Element $link 'maml:uri' $(if ($l.Target -match '^https?://') { $l.Target } else { '' })
    }
}

function Export-RoleTrustMaml {
    <#
    .SYNOPSIS
        Writes the MAML help of a loaded module from its sources; throws, listing every problem, when a source does not
        match its cmdlet (or a cmdlet has no source).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SourceFolder,
        [Parameter(Mandatory)] [string] $ModuleName,
        [Parameter(Mandatory)] [string] $OutFile
    )
    $module = Get-Module $ModuleName
    if (-not $module) { throw "Module $ModuleName is not loaded." }
    $problems = [Collections.Generic.List[string]]::new()
    $doc = New-MamlDocument
    $names = @($module.ExportedCmdlets.Keys | Sort-Object)
    foreach ($file in Get-ChildItem $SourceFolder -Filter '*.md' | Sort-Object Name) {
        if ($file.BaseName -notin $names) { $problems.Add("$($file.Name): $ModuleName exports no cmdlet $($file.BaseName)") }
    }
    foreach ($name in $names) {
        $path = Join-Path $SourceFolder "$name.md"
        if (-not (Test-Path $path)) { $problems.Add("${name}: no help source (add $path; see docs/help.md)"); continue }
        $command = Get-Command $name -Module $ModuleName
        $source = Read-HelpSource $path
        $found = @(Test-HelpSource -Source $source -Command $command)
        foreach ($p in $found) { $problems.Add($p) }
        $declared = Get-DeclaredHelpUri $command
        $online = Get-OnlineUri $command
        if ($declared -and $declared -ne $online) { $problems.Add("${name}: [Cmdlet(HelpUri = `"$declared`")] is not its documentation address $online (use HelpLinks.Base)") }
        if (-not $declared) { $problems.Add("${name}: [Cmdlet] declares no HelpUri (add HelpUri = HelpLinks.Base + `"$name.md`")") }
        if (-not $found) { Add-MamlCommand -Document $doc -Source $source -Command $command }
    }
    if ($problems.Count) { throw "The help sources do not match the cmdlets:`n  " + ($problems -join "`n  ") }
    $settings = [Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [Text.UTF8Encoding]::new($false) }
    $null = New-Item (Split-Path $OutFile) -ItemType Directory -Force
    $writer = [Xml.XmlWriter]::Create($OutFile, $settings)
    try { $doc.Save($writer) } finally { $writer.Dispose() }
}

Export-ModuleMember -Function Read-HelpSource, Test-HelpSource, Export-RoleTrustMaml
