#Requires -Version 7.0
# Find-AssumeRolePath, Export-RoleTrustGraph and Compare-RoleTrustSnapshot against the staged module. The drawing tests
# need Graphviz (dot) and Chromium: build.ps1 -Task Test installs them when missing; without them these tests fail.

BeforeAll {
    $manifest = $env:ROLETRUST_MODULE
    if (-not $manifest) { $manifest = Join-Path $PSScriptRoot '../../out/RoleTrust/0.1.0/RoleTrust.psd1' }
    Import-Module $manifest -Force -ErrorAction Stop
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Example = Join-Path $Root 'examples/bob-alice'
    $script:Snapshot = Import-RoleTrustSnapshot $Example
    $script:Alice = 'arn:aws:iam::222222222222:role/Alice'
    $script:Deploy = 'arn:aws:iam::222222222222:role/ci/Deploy'
    $script:Carol = 'arn:aws:iam::111111111111:user/Carol'
    $script:Runner = 'arn:aws:iam::111111111111:role/ci/ci-runner'

    function script:Tool([string] $name, [string] $variable) {
        $path = [Environment]::GetEnvironmentVariable($variable)
        if (-not $path) { $path = (Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source }
        if (-not $path) { throw "$name is not installed: build.ps1 -Task Test installs it (apt-get install $name); these tests cannot run without it." }
        $path
    }

    # Renders an HTML file in headless Chromium and returns the DOM after its scripts ran.
    function script:Render([string] $file) {
        $chromium = Tool chromium ROLETRUST_CHROMIUM
        $profile = Join-Path ([IO.Path]::GetTempPath()) "roletrust-chromium-$([guid]::NewGuid())"
        try {
            $dom = & $chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking `
                --disable-component-update --disable-sync "--user-data-dir=$profile" --dump-dom ([System.Uri]::new($file).AbsoluteUri) 2>$null
            $LASTEXITCODE | Should -Be 0
            $dom -join "`n"
        } finally { Remove-Item $profile -Recurse -Force -ErrorAction Ignore }
    }

    # The example with markup in every text a drawing shows: an account name, a role description, a tag value, a Sid.
    function script:HostileCopy([string] $into) {
        Copy-Item $Example $into -Recurse
        $payload = "</script><script>document.body.setAttribute('data-pwned','1')</script><img src=x onerror=`"document.body.setAttribute('data-pwned','2')`">{[""|]}`nline"
        $file = Join-Path $into 'accounts/222222222222.json'
        $data = Get-Content $file -Raw | ConvertFrom-Json -Depth 50
        $alice = $data.RoleDetailList[0]
        $alice.Description = "Ops $payload"
        $alice.Tags += [pscustomobject]@{ Key = 'owner'; Value = $payload }
        $alice.AssumeRolePolicyDocument.Statement[0].Sid = "TrustCarol$payload"
        $data | ConvertTo-Json -Depth 50 | Set-Content $file
        $orgFile = Join-Path $into 'organization.json'
        $org = Get-Content $orgFile -Raw | ConvertFrom-Json -Depth 50
        ($org.Accounts | Where-Object Id -EQ '111111111111').Name = "Bob $payload"
        $org | ConvertTo-Json -Depth 50 | Set-Content $orgFile
        $payload
    }
}

Describe 'Find-AssumeRolePath' {
    It 'finds who reaches a role, conditional edges naming the request values they need' {
        $paths = @(Find-AssumeRolePath -To $Alice -Snapshot $Snapshot)
        $paths.Count | Should -Be 1
        $paths[0] | Should -BeOfType ([RoleTrust.AssumeRolePath])
        $paths[0].Source | Should -Be $Carol
        $paths[0].SourceKind | Should -Be 'User'
        $paths[0].Conditional | Should -BeTrue
        $paths[0].Hops[0].Conditions | Should -Be @('Bool aws:MultiFactorAuthPresent true')
    }

    It 'follows chains through roles, up to -MaxDepth hops' {
        $paths = Find-AssumeRolePath -To $Deploy -Snapshot $Snapshot
        ($paths | ForEach-Object { "$($_.Depth) $($_.Source)" }) | Should -Be @("1 $Runner", '2 codebuild.amazonaws.com')
        $chain = $paths | Where-Object Depth -EQ 2
        $chain.Hops.Role | Should -Be @($Runner, $Deploy)
        $chain.Hops[0].SourceKind | Should -Be 'Service'
        @(Find-AssumeRolePath -To $Deploy -Snapshot $Snapshot -MaxDepth 1).Source | Should -Be @($Runner)
    }

    It 'finds what a principal reaches; a role session stands for its role' {
        $fromRole = Find-AssumeRolePath -From $Runner -Snapshot $Snapshot
        $fromRole.Role | Should -Be @($Deploy)
        $fromSession = Find-AssumeRolePath -From 'arn:aws:sts::111111111111:assumed-role/ci-runner/build-42' -Snapshot $Snapshot
        $fromSession.Role | Should -Be @($Deploy)
        $fromSession.Source | Should -Be $Runner
        @(Find-AssumeRolePath -From 'arn:aws:iam::111111111111:user/Bob' -Snapshot $Snapshot) | Should -BeNullOrEmpty
    }

    It 'writes hops readably to CSV and as objects to JSON' {
        $paths = Find-AssumeRolePath -To $Deploy -Snapshot $Snapshot
        $csv = $paths | ConvertTo-Csv | ConvertFrom-Csv
        ($csv | Where-Object Depth -EQ 2).Hops | Should -Be "codebuild.amazonaws.com -> $Runner; $Runner -> $Deploy"
        $json = $paths | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json[1].Hops[1].Role | Should -Be $Deploy
        $json[1].Hops[1].TrustStatement | Should -Match '^Deploy trust policy\[0\]: '
        $json[1].Hops[1].IdentityStatement | Should -Match '^AssumeDeploy\[0\]: '
        $json[0].SourceKind | Should -Be 'Role'
    }

    It 'builds the index once per loaded snapshot: twenty queries reuse it' {
        $fresh = Import-RoleTrustSnapshot $Example
        $log = foreach ($i in 1..20) {
            $target = if ($i % 2) { @{ To = $Deploy } } else { @{ From = $Carol } }
            Find-AssumeRolePath @target -Snapshot $fresh -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        }
        @($log | Where-Object Message -Match '^Indexed the trust graph').Count | Should -Be 1
        @($log | Where-Object Message -Match '^Reusing the trust graph index').Count | Should -Be 19
        @($log | Where-Object Message -Match '^Loaded ').Count | Should -Be 0
    }

    It 'reports bad input as errors with stable ids' {
        Find-AssumeRolePath -To 'arn:aws:iam::222222222222:role/Nobody' -Snapshot $Snapshot -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NotInSnapshot,RoleTrust.Cmdlets.FindAssumeRolePathCommand'
        Find-AssumeRolePath -To 'not-an-arn' -Snapshot $Snapshot -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidArn,RoleTrust.Cmdlets.FindAssumeRolePathCommand'
        { Find-AssumeRolePath -To $Alice -Snapshot $Snapshot -MaxDepth 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RoleTrust.Cmdlets.FindAssumeRolePathCommand'
        { Find-AssumeRolePath -To $Alice -Snapshot $Snapshot -MaxDepth 11 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RoleTrust.Cmdlets.FindAssumeRolePathCommand'
    }

    It 'warns once, aggregated, about what it could not decide' {
        $noOrg = Join-Path $TestDrive 'no-org'
        Copy-Item $Example $noOrg -Recurse
        Remove-Item (Join-Path $noOrg 'organization.json')
        $paths = Find-AssumeRolePath -To $Deploy -Snapshot (Import-RoleTrustSnapshot $noOrg) -WarningVariable w -WarningAction SilentlyContinue
        $paths | Should -BeNullOrEmpty
        @($w).Count | Should -BeGreaterOrEqual 1
        @($w).Count | Should -BeLessOrEqual 3
        ($w -join ' ') | Should -Match 'source-role pair\(s\) could not be decided'
        ($w -join ' ') | Should -Match 'organization\.json'
    }

    It 'stops within half a second when stopped in the middle of indexing' {
        # A snapshot whose index takes a while on any machine: 40 accounts of 1,500 roles, each role with its own
        # identity policy (60,000 caller profiles; about a second here, where shared policies index in a tenth of that).
        $big = Join-Path $TestDrive 'big'
        $null = New-Item (Join-Path $big 'accounts') -ItemType Directory
        $roles = foreach ($i in 1..1500) {
            '{"Path":"/","RoleName":"r' + $i + '","RoleId":"AROAEXAMPLE' + $i + '","Arn":"arn:aws:iam::ACCOUNT:role/r' + $i +
            '","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCOUNT:root"},"Action":"sts:AssumeRole"}]},' +
            '"RolePolicyList":[{"PolicyName":"p' + $i + '","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::ACCOUNT:role/r' + $i + '*"}]}}],' +
            '"AttachedManagedPolicies":[],"Tags":[{"Key":"n","Value":"' + $i + '"}]}'
        }
        $template = '{"UserDetailList":[],"GroupDetailList":[],"RoleDetailList":[' + ($roles -join ',') + '],"Policies":[]}'
        foreach ($a in 1..40) {
            $id = '{0:D12}' -f (100000000000 + $a)
            Set-Content (Join-Path $big "accounts/$id.json") $template.Replace('ACCOUNT', $id)
        }
        $snapshot = Import-RoleTrustSnapshot $big
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $s) Import-Module $m; Find-AssumeRolePath -To "arn:aws:iam::100000000001:role/r1" -Snapshot $s').AddArgument($env:ROLETRUST_MODULE ?? (Join-Path $Root 'out/RoleTrust/0.1.0/RoleTrust.psd1')).AddArgument($snapshot)
            $async = $ps.BeginInvoke()
            # The build writes a Processing record every 100 ms while it runs (and one Completed record when it ends):
            # seeing one means the build was still running then.
            $waited = [Diagnostics.Stopwatch]::StartNew()
            while (-not @($ps.Streams.Progress | Where-Object RecordType -EQ 'Processing') -and -not $async.IsCompleted -and $waited.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 10 }
            @($ps.Streams.Progress | Where-Object RecordType -EQ 'Processing') | Should -Not -BeNullOrEmpty -Because 'the index build reports progress while it runs'
            $async.IsCompleted | Should -BeFalse -Because 'the index build must still be running when it is stopped'
            $stop = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stop.Stop()
            $stop.ElapsedMilliseconds | Should -BeLessThan 500
        } finally { $ps.Dispose() }
        # A stopped build leaves nothing behind: the next query indexes the snapshot afresh.
        $log = Find-AssumeRolePath -To "arn:aws:iam::100000000001:role/r1" -Snapshot $snapshot -MaxDepth 1 -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($log | Where-Object Message -Match '^Indexed the trust graph').Count | Should -Be 1
    }

    It 'runs the first two help examples as written' {
        $examples = @((Get-Help Find-AssumeRolePath).Examples.Example | Select-Object -First 2)
        Push-Location $Root
        try {
            $one = Invoke-Expression $examples[0].Code
            $one.Source | Should -Be $Carol
            $two = Invoke-Expression ($examples[1].Code -replace '\s*\|\s*Format-List$', '')
            $two.Source | Should -Be @($Runner, 'codebuild.amazonaws.com')
        } finally { Pop-Location }
    }
}

Describe 'Export-RoleTrustGraph' {
    It 'draws Mermaid with accounts as subgraphs and conditional edges dashed' {
        $text = Export-RoleTrustGraph -Snapshot $Snapshot -Format Mermaid
        $text | Should -Match '^flowchart LR'
        $text | Should -Match 'subgraph a\d+\["Bob #40;111111111111#41;"\]'
        $text | Should -Match 'n\d+ -\.->\|"Bool aws:MultiFactorAuthPresent true"\| n\d+'
        $text | Should -Match 'n\d+ ==> n\d+'   # ci-runner -> Deploy: a hop of the chain from codebuild
    }

    It 'writes DOT that Graphviz renders, and a file with -Path' {
        $dot = Tool dot ROLETRUST_DOT
        $file = Join-Path $TestDrive 'graph.dot'
        $info = Export-RoleTrustGraph -Snapshot $Snapshot -Format Dot -Path $file
        $info | Should -BeOfType ([IO.FileInfo])
        (Get-Content $file -Raw) | Should -Match 'subgraph cluster_\d+ \{'
        $svg = & $dot -Tsvg $file
        $LASTEXITCODE | Should -Be 0
        ($svg -join "`n") | Should -Match 'role/ci/Deploy'
    }

    It 'keeps markup from the snapshot as text in Mermaid and DOT' {
        $hostile = Join-Path $TestDrive 'hostile-text'
        $null = HostileCopy $hostile
        $mermaid = Export-RoleTrustGraph -Snapshot $hostile -Format Mermaid
        $mermaid | Should -Not -Match '<'
        $mermaid | Should -Match '#60;/script#62;'
        $file = Join-Path $TestDrive 'hostile.dot'
        $null = Export-RoleTrustGraph -Snapshot $hostile -Format Dot -Path $file
        $svg = (& (Tool dot ROLETRUST_DOT) -Tsvg $file) -join "`n"
        $LASTEXITCODE | Should -Be 0
        $xml = [xml]$svg
        @($xml.GetElementsByTagName('script')).Count | Should -Be 0
        @($xml.GetElementsByTagName('img')).Count | Should -Be 0
        $svg | Should -Match '&lt;/script&gt;&lt;script&gt;'
    }

    It 'writes one self-contained HTML file that renders in Chromium' {
        $file = Join-Path $TestDrive 'graph.html'
        $null = Export-RoleTrustGraph -Snapshot $Snapshot -Format Html -Path $file
        $html = Get-Content $file -Raw
        $html | Should -Not -Match '(src|href)\s*=\s*"(https?:)?//'
        $html | Should -Not -Match '@import|url\(\s*["'']?https?:'
        $html | Should -Match "Content-Security-Policy"
        $dom = Render $file
        $ready = [regex]::Match($dom, 'data-roletrust-ready="(\d+)"')   # the viewer ran and drew every node
        $ready.Success | Should -BeTrue
        [int]$ready.Groups[1].Value | Should -BeGreaterOrEqual 5
        ([regex]::Matches($dom, '<li')).Count | Should -BeGreaterOrEqual 5
        $dom | Should -Match '<svg'
    }

    It 'shows markup from the snapshot as text only: no element is injected, no script of it runs' {
        $hostile = Join-Path $TestDrive 'hostile-html'
        $payload = HostileCopy $hostile
        $file = Join-Path $TestDrive 'hostile.html'
        $null = Export-RoleTrustGraph -Snapshot $hostile -Format Html -Path $file
        $html = Get-Content $file -Raw
        ([regex]::Matches($html, '<script')).Count | Should -Be 2
        $html | Should -Not -Match '<img'
        $dom = Render $file
        $dom | Should -Match 'data-roletrust-ready="\d+"'        # the viewer's own script ran
        $dom | Should -Not -Match '<body[^>]*data-pwned'          # the payload's did not
        $dom | Should -Not -Match '<img'
        ([regex]::Matches($dom, '<script')).Count | Should -Be 2
        $dom | Should -Match 'Bob &lt;/script&gt;&lt;script&gt;' # shown as text (the account's cluster and list)
    }

    It 'draws the paths piped in, and lists them in the HTML' {
        $paths = Find-AssumeRolePath -To $Deploy -Snapshot $Snapshot
        $mermaid = $paths | Export-RoleTrustGraph -Format Mermaid
        ([regex]::Matches($mermaid, ' --> | ==> | -\.->')).Count | Should -Be 2
        $file = Join-Path $TestDrive 'paths.html'
        $null = $paths | Export-RoleTrustGraph -Format Html -Snapshot $Snapshot -Path $file
        $dom = Render $file
        $dom | Should -Match "codebuild\.amazonaws\.com -&gt; $([regex]::Escape($Runner)) -&gt; $([regex]::Escape($Deploy))"
    }

    It 'runs the first two help examples as written' {
        $examples = @((Get-Help Export-RoleTrustGraph).Examples.Example | Select-Object -First 2)
        Push-Location $TestDrive
        try {
            Copy-Item $Example (Join-Path $TestDrive 'examples') -Recurse -ErrorAction SilentlyContinue
            New-Item (Join-Path $TestDrive 'examples') -ItemType Directory -Force | Out-Null
            if (-not (Test-Path (Join-Path $TestDrive 'examples/bob-alice'))) { Copy-Item $Example (Join-Path $TestDrive 'examples/bob-alice') -Recurse }
            (Invoke-Expression $examples[0].Code) | Should -Match '^flowchart LR'
            $file = Invoke-Expression $examples[1].Code
            $file | Should -BeOfType ([IO.FileInfo])
            (Get-Content $file.FullName -Raw) | Should -Match 'roletrust-data'
        } finally { Pop-Location }
    }
}

Describe 'Compare-RoleTrustSnapshot' {
    BeforeAll {
        # Today: Carol's MFA condition dropped (her edge becomes unconditional) and a wildcard trust added to Deploy.
        $script:Today = Join-Path $TestDrive 'today'
        Copy-Item $Example $Today -Recurse
        $file = Join-Path $Today 'accounts/222222222222.json'
        $data = Get-Content $file -Raw | ConvertFrom-Json -Depth 50
        $data.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].PSObject.Properties.Remove('Condition')
        $data.RoleDetailList[1].AssumeRolePolicyDocument = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'
        $data | ConvertTo-Json -Depth 50 | Set-Content $file
        $script:Changes = @(Compare-RoleTrustSnapshot -Reference $Snapshot -Difference $Today)
    }

    It 'reports nothing when nothing changed' {
        @(Compare-RoleTrustSnapshot $Example $Example) | Should -BeNullOrEmpty
    }

    It 'reports an edge that changed conditions as removed and added' {
        $carol = $Changes | Where-Object { $_.Kind -eq 'Edge' -and $_.Source -eq $Carol -and $_.Role -eq $Alice }
        ($carol | Where-Object Change -EQ 'Removed').Conditional | Should -BeTrue
        ($carol | Where-Object Change -EQ 'Added').Conditional | Should -BeFalse
    }

    It 'reports added and removed edges and findings, each something an alert can filter on' {
        $Changes | Should -Not -BeNullOrEmpty
        $Changes | ForEach-Object { $_ | Should -BeOfType ([RoleTrust.TrustChange]) }
        $Changes | Where-Object { $_.Kind -eq 'Finding' -and $_.Change -eq 'Added' -and $_.RuleId -eq 'WildcardPrincipal' -and $_.Role -eq $Deploy } | Should -Not -BeNullOrEmpty
        # "*" lets Carol in (her identity policy allows it). Alice, in Deploy's own account, needs no identity allow, but her
        # managed policy ReadOnlyAccess is not in the example, so a Deny in it cannot be ruled out: no edge, not a guess.
        $Changes | Where-Object { $_.Kind -eq 'Edge' -and $_.Change -eq 'Added' -and $_.Source -eq $Carol -and $_.Role -eq $Deploy } | Should -Not -BeNullOrEmpty
        $Changes | Where-Object { $_.Kind -eq 'Edge' -and $_.Source -eq $Alice -and $_.Role -eq $Deploy } | Should -BeNullOrEmpty
        # Deploy no longer trusts ci-runner's account with a ci/* condition: ci-runner still reaches it through "*".
        $Changes | Where-Object { $_.Kind -eq 'Edge' -and $_.Source -eq $Runner } | Should -BeNullOrEmpty
    }

    It 'writes names, not numbers, to JSON and CSV' {
        $json = $Changes | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.Change | Sort-Object -Unique | Should -Be @('Added', 'Removed')
        $json.Kind | Sort-Object -Unique | Should -Be @('Edge', 'Finding')
        $csv = $Changes | ConvertTo-Csv | ConvertFrom-Csv
        ($csv | Where-Object { $_.Change -eq 'Removed' -and $_.Kind -eq 'Edge' }).Conditions | Should -Be 'Bool aws:MultiFactorAuthPresent true'
    }

    It 'runs the first two help examples as written' {
        $examples = @((Get-Help Compare-RoleTrustSnapshot).Examples.Example | Select-Object -First 2)
        Push-Location $Root
        try {
            Invoke-Expression $examples[0].Code | Should -Be 0   # nothing changed: no TrustChange
            Invoke-Expression $examples[1].Code | Should -Be 0
        } finally { Pop-Location }
    }
}
