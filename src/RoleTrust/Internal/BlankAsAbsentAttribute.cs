using System.Globalization;
using System.Management.Automation;

namespace RoleTrust.Internal
{
    /// <summary>
    /// Binds an empty or blank string as no value. Import-Csv gives every column of every row, and a blank cell
    /// means "not stated": it must behave as if the column were absent, not as an empty value (and must not fail
    /// the binding of an int parameter).
    /// </summary>
    internal sealed class BlankAsAbsentAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// For int parameters: text that is not a whole number is an error of that row. Left to the binder, a value
        /// bound by property name that does not convert is silently not bound, which would read as "not stated".
        /// </summary>
        public bool WholeNumber { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (!(value is string s)) return inputData;
            if (s.Trim().Length == 0) return null;
            if (!WholeNumber) return inputData;
            if (int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)) return number;
            throw new ArgumentTransformationMetadataException($"'{s}' is not a whole number.");
        }
    }
}
