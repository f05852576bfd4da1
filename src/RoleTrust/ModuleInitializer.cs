using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace RoleTrust
{
    /// <summary>
    /// Runs on Import-Module. Refuses to load next to AWS SDK v3 (AWS.Tools 4, AWSPowerShell), whose
    /// assemblies would break ours later with confusing errors, and, on Windows PowerShell 5.1, serves the
    /// BCL back-ports the AWS SDK needs from the module folder (5.1 has no binding redirects for modules).
    /// Must not touch AWS SDK types itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        public void OnImport()
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                var name = assembly.GetName();
                if (name.Name == "AWSSDK.Core" && name.Version != null && name.Version.Major < 4)
                {
                    throw new AwsSdkConflictException(
                        $"RoleTrust needs AWS SDK for .NET v4, but this session already loaded AWSSDK.Core {name.Version} (AWS SDK v3, from AWS.Tools 4.x or AWSPowerShell). " +
                        "Start a new session and import RoleTrust alone, or with AWS.Tools 5.x.");
                }
            }
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
            // Compile the policy engine in the background while the session goes on, so that the first
            // Test-IamPolicy or path check does not pay for it.
            Engine.Cases.EngineWarmUp.Start();
        }

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleFolder;

        private static Assembly? ResolveFromModuleFolder(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (requested.Name == null) return null;
            string candidate = Path.Combine(ModuleDirectory, requested.Name + ".dll");
            if (!File.Exists(candidate)) return null;
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
                if (string.Equals(loaded.GetName().Name, requested.Name, StringComparison.OrdinalIgnoreCase)) return loaded;
            return Assembly.LoadFrom(candidate);
        }
    }

    /// <summary>The import-time refusal, carrying its own error record (ResourceUnavailable) for Import-Module to report.</summary>
    public sealed class AwsSdkConflictException : InvalidOperationException, IContainsErrorRecord
    {
        public AwsSdkConflictException(string message) : base(message) { }

        public ErrorRecord ErrorRecord => new ErrorRecord(this, "AwsSdkV3AlreadyLoaded", ErrorCategory.ResourceUnavailable, null);
    }
}
