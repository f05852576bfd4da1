using System.Runtime.CompilerServices;

namespace RoleTrust.Engine
{
    /// <summary>
    /// For the methods every case, statement or JSON value goes through. A run of Test-IamPolicy -Path or a snapshot
    /// load is usually the only one in its process and lasts a fraction of a second: .NET would spend most of it in
    /// unoptimized first-tier code, which it replaces only after a delay, so these methods are compiled optimized at once.
    /// </summary>
    internal static class HotPath
    {
        /// <summary>MethodImplOptions.AggressiveOptimization (not named in netstandard2.0; .NET Framework ignores it).</summary>
        public const MethodImplOptions Options = (MethodImplOptions)512;
    }
}
