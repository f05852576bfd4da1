@{
    RootModule             = 'RoleTrust.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '2c0c619f-1563-4975-b599-c64b0bf4a602'
    Author                 = 'RoleTrust contributors'
    CompanyName            = 'RoleTrust'
    Copyright              = '(c) RoleTrust contributors. Apache-2.0.'
    Description            = 'Explains why a principal cannot assume an AWS IAM role: checks every prerequisite of the AssumeRole path (identity policies, trust policy, conditions, boundaries, session policies, SCPs, RCPs, durations, parameters), names the blocking policy and statement, and gives the exact fix. Works offline on snapshots or live with AWS.Tools-style credentials.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport        = @(
        'Test-IamPolicy'
        'Test-AssumeRolePath'
        'Get-RoleTrustGap'
        'Import-RoleTrustSnapshot'
        'Get-RoleTrustRequiredPermission'
        'Save-RoleTrustSnapshot'
        'Resolve-AssumeRoleError'
        'Get-RoleTrustFinding'
        'Find-AssumeRolePath'
        'Export-RoleTrustGraph'
        'Compare-RoleTrustSnapshot'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    FormatsToProcess       = @('RoleTrust.Format.ps1xml')
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'IAM', 'STS', 'AssumeRole', 'Security', 'Audit', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: IAM policy evaluation engine (Test-IamPolicy) and AssumeRole path diagnosis on snapshots.'
        }
    }
}
