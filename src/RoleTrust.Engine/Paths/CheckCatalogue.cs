using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Paths.Checks;

namespace RoleTrust.Paths
{
    /// <summary>
    /// The checks of the catalogue in their order. The rules are found by type, so that a new check is one new
    /// <see cref="PathCheckRule"/> class plus one <see cref="CheckName"/> member, and nothing else.
    /// </summary>
    public static class CheckCatalogue
    {
        private static readonly CheckName[] Order = ((CheckName[])Enum.GetValues(typeof(CheckName))).OrderBy(n => (int)n).ToArray();
        private static readonly Lazy<IReadOnlyList<PathCheckRule>> RulesInOrder = new Lazy<IReadOnlyList<PathCheckRule>>(Discover);

        /// <summary>Every check name, in catalogue order.</summary>
        public static IReadOnlyList<CheckName> Names => Order;

        /// <summary>1-based position of a check in the catalogue.</summary>
        public static int OrderOf(CheckName name) => Array.IndexOf(Order, name) + 1;

        internal static IReadOnlyList<PathCheckRule> Rules => RulesInOrder.Value;

        private static IReadOnlyList<PathCheckRule> Discover()
        {
            var rules = typeof(PathCheckRule).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(PathCheckRule).IsAssignableFrom(t))
                .Select(t => (PathCheckRule)Activator.CreateInstance(t, nonPublic: true)!)
                .OrderBy(r => OrderOf(r.Name)).ToList();
            var names = rules.Select(r => r.Name).ToList();
            if (!names.SequenceEqual(Order))
                throw new InvalidOperationException("Every CheckName needs exactly one PathCheckRule: rules found for " + string.Join(", ", names) + ".");
            return rules;
        }
    }
}
