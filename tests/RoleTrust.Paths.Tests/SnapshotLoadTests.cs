using System.IO;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>Account files that cannot be read make that account missing (Unavailable), never a crash or a guess.</summary>
    public class SnapshotLoadTests
    {
        private static string NewSnapshot(params (string id, byte[] content)[] accounts)
        {
            string dir = Path.Combine(Path.GetTempPath(), "roletrust-load-" + Path.GetRandomFileName());
            Directory.CreateDirectory(Path.Combine(dir, "accounts"));
            foreach (var (id, content) in accounts) File.WriteAllBytes(Path.Combine(dir, "accounts", id + ".json"), content);
            return dir;
        }

        private static readonly byte[] Good = System.Text.Encoding.UTF8.GetBytes(
            "{\"UserDetailList\":[{\"Path\":\"/\",\"UserName\":\"Bob\",\"UserId\":\"AIDAEXAMPLE000000001\",\"Arn\":\"arn:aws:iam::111111111111:user/Bob\"}],\"GroupDetailList\":[],\"RoleDetailList\":[],\"Policies\":[]}");

        [Fact]
        public void InvalidUtf8AccountFile_IsReportedAndItsAccountIsUnavailable()
        {
            string dir = NewSnapshot(("111111111111", Good), ("222222222222", new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }));
            try
            {
                var s = SnapshotSource.Load(dir);
                Assert.Contains(s.Problems, p => p.Value.Contains("UTF-8"));
                Assert.Equal(Engine.Model.LookupStatus.Found, s.GetUser("111111111111", "Bob").Status);
                Assert.Equal(Engine.Model.LookupStatus.Unavailable, s.GetUser("222222222222", "Bob").Status);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Utf8BomAndLargeFiles_LoadWithReusedBuffers()
        {
            var bom = new byte[] { 0xEF, 0xBB, 0xBF };
            var withBom = new byte[bom.Length + Good.Length];
            bom.CopyTo(withBom, 0); Good.CopyTo(withBom, bom.Length);
            // A file larger than the initial buffers, then a small one on the same worker.
            var big = System.Text.Encoding.UTF8.GetBytes("{\"UserDetailList\":[" + string.Join(",", System.Linq.Enumerable.Range(0, 3000).Select(i =>
                $"{{\"Path\":\"/\",\"UserName\":\"u{i}\",\"UserId\":\"AIDAEXAMPLE{i:D9}\",\"Arn\":\"arn:aws:iam::333333333333:user/u{i}\"}}")) + "],\"RoleDetailList\":[],\"GroupDetailList\":[],\"Policies\":[]}");
            string dir = NewSnapshot(("111111111111", withBom), ("333333333333", big));
            try
            {
                var s = SnapshotSource.Load(dir);
                Assert.Empty(s.Problems);
                Assert.Equal(Engine.Model.LookupStatus.Found, s.GetUser("111111111111", "Bob").Status);
                Assert.Equal(Engine.Model.LookupStatus.Found, s.GetUser("333333333333", "u2999").Status);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
