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
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            return value is string s && s.Trim().Length == 0 ? null : inputData;
        }
    }
}
