using System.Runtime.CompilerServices;

namespace RoleTrust.Engine
{
    /// <summary>
    /// For the methods every case, statement or JSON value goes through, and those an edge index or a path search runs
    /// for every principal, role or pair. A run of Test-IamPolicy -Path or a snapshot load is usually the only one in
    /// its process and lasts a fraction of a second: .NET would spend most of it in unoptimized first-tier code, which
    /// it replaces only after a delay. An index or a search keeps every core busy, so the thread that recompiles hot code
    /// waits its turn while that code runs slowly (on the two-core benchmark machine the index took a third longer). So
    /// these methods are compiled optimized at once.
    /// </summary>
    internal static class HotPath
    {
        /// <summary>MethodImplOptions.AggressiveOptimization (not named in netstandard2.0; .NET Framework ignores it).</summary>
        public const MethodImplOptions Options = (MethodImplOptions)512;
    }
}
