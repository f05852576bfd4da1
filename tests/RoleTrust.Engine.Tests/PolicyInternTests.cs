using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Engine.Policies;
using RoleTrust.Graph;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// The trust graph shares decisions between principals (and roles) whose statements have equal meaning numbers, so
    /// two different statements must never get one number, however many threads ask at once.
    /// </summary>
    public class PolicyInternTests
    {
        [Fact]
        public void DifferentStatements_GetDifferentNumbers_WhenAskedConcurrently()
        {
            var intern = new PolicyIntern();
            var docs = Enumerable.Range(0, 4000).Select(i => intern.Get(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::111111111111:role/r" + i + "\"}}",
                "p" + i, PolicyType.Identity)).ToArray();
            var numbers = new int[docs.Length];
            Parallel.For(0, docs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => numbers[i] = intern.MeaningOf(docs[i], docs[i].Statements[0], 'I'));
            Assert.Equal(docs.Length, numbers.Distinct().Count());
        }

        [Fact]
        public void EqualStatements_InDifferentlyNamedPolicies_ShareANumber_PerLayer()
        {
            var intern = new PolicyIntern();
            const string text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}";
            var a = intern.Get(text, "a", PolicyType.Identity);
            var b = intern.Get(text, "b", PolicyType.Identity);
            Assert.NotSame(a, b);
            Assert.Equal(intern.MeaningOf(a, a.Statements[0], 'I'), intern.MeaningOf(b, b.Statements[0], 'I'));
            Assert.NotEqual(intern.MeaningOf(a, a.Statements[0], 'I'), intern.MeaningOf(a, a.Statements[0], 'B'));
        }
    }
}
