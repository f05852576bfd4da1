using System.Collections.Concurrent;
using System.Globalization;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// The names a case's policies get when the case does not name them ("IdentityPolicy[0]", "SCP level 1",
    /// "r-root policy 0"). Every case of a suite uses the same few, so they are made once.
    /// </summary>
    internal static class PolicyNames
    {
        private static readonly ConcurrentDictionary<(string, int, int), string> Made = new ConcurrentDictionary<(string, int, int), string>();
        private static readonly string[] Numbers = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

        /// <summary>"IdentityPolicy[0]".</summary>
        public static string Indexed(string prefix, int i) => Get(prefix, 0, i);

        /// <summary>"SCP level 0": a level given without an id.</summary>
        public static string Level(string prefix, int i) => Get(prefix, 1, i);

        /// <summary>"r-root policy 0": a policy of a level. Level ids come from the cases, so these are not kept.</summary>
        public static string AtLevel(string levelId, int j) => string.Concat(levelId, " policy ", Number(j));

        private static string Get(string prefix, int form, int i)
        {
            if (i >= 16) return Make(prefix, form, i);
            return Made.GetOrAdd((prefix, form, i), k => Make(k.Item1, k.Item2, k.Item3));
        }

        private static string Make(string prefix, int form, int i) => form == 0 ? prefix + "[" + Number(i) + "]" : prefix + " level " + Number(i);

        private static string Number(int i) => i < Numbers.Length ? Numbers[i] : i.ToString(CultureInfo.InvariantCulture);
    }
}
