using RoleTrust.Engine.Cases;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>The import-time warm-up only pays off when its built-in cases are valid and all get evaluated.</summary>
    public class EngineWarmUpTests
    {
        [Fact]
        public void EveryBuiltInCase_IsDecided()
        {
            Assert.Equal(4, EngineWarmUp.Run());
        }
    }
}
