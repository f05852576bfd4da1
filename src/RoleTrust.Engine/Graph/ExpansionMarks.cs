using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine;

namespace RoleTrust.Graph
{
    /// <summary>
    /// What one expansion of a node (the edges into a role, or out of a principal) has met: the callers or roles of the
    /// data by rank (<see cref="TrustNode.Rank"/>), and what each caller profile said of the role, by profile number.
    /// Arrays reused from expansion to expansion and told apart by a number per expansion, rather than a set of ARNs
    /// (a string hash for every entry walked) and a table of profiles made for each of the tens of thousands of
    /// expansions of a search.
    /// </summary>
    internal sealed class ExpansionMarks
    {
        private int[] _met = new int[0];
        private int[] _profileMet = new int[0];
        private bool[] _profileAnswer = new bool[0];
        private int[] _bitsMet = new int[0];
        private ulong[] _profileBits = new ulong[0];
        private int _stamp;

        /// <summary>
        /// The callers an expansion into a role lists before deciding them, and their verdicts: kept with the marks, emptied
        /// after each use, because the first expansion of a "*" search lists some 94,000 (large-object arrays otherwise).
        /// </summary>
        public readonly System.Collections.Generic.List<GraphPrincipal> Callers = new System.Collections.Generic.List<GraphPrincipal>();
        private EdgeVerdict[] _verdicts = new EdgeVerdict[0];

        /// <summary>An array of at least this many verdicts, for this expansion only (give it back emptied with <see cref="ClearVerdicts"/>).</summary>
        public EdgeVerdict[] Verdicts(int count) => _verdicts.Length >= count ? _verdicts : _verdicts = new EdgeVerdict[count];

        public void ClearVerdicts(int count) => System.Array.Clear(_verdicts, 0, count);

        /// <summary>Marks kept for reuse by the expansions of one graph, taken and given back by each (expansions run on several threads).</summary>
        internal sealed class Pool
        {
            private readonly ConcurrentBag<ExpansionMarks> _free = new ConcurrentBag<ExpansionMarks>();
            private readonly int _ranks, _profiles;

            public Pool(int ranks, int profiles) { _ranks = ranks; _profiles = profiles; }

            /// <summary>Marks with nothing met yet.</summary>
            [MethodImpl(HotPath.Options)]
            public ExpansionMarks Take()
            {
                if (!_free.TryTake(out var marks)) marks = new ExpansionMarks();
                marks.Begin(_ranks, _profiles);
                return marks;
            }

            [MethodImpl(HotPath.Options)]
            public void Give(ExpansionMarks marks) => _free.Add(marks);
        }

        [MethodImpl(HotPath.Options)]
        private void Begin(int ranks, int profiles)
        {
            Callers.Clear();   // an expansion cancelled midway leaves its list
            if (_met.Length < ranks) _met = new int[ranks];
            if (_profileMet.Length < profiles)
            {
                _profileMet = new int[profiles]; _profileAnswer = new bool[profiles]; _bitsMet = new int[profiles]; _profileBits = new ulong[profiles];
            }
            if (++_stamp == int.MaxValue)
            {
                System.Array.Clear(_met, 0, _met.Length);
                System.Array.Clear(_profileMet, 0, _profileMet.Length);
                System.Array.Clear(_bitsMet, 0, _bitsMet.Length);
                _stamp = 1;
            }
        }

        /// <summary>True the first time the entry of this rank is met in this expansion.</summary>
        [MethodImpl(HotPath.Options)]
        public bool Meet(int rank)
        {
            if (_met[rank] == _stamp) return false;
            _met[rank] = _stamp;
            return true;
        }

        /// <summary>The answer remembered for this profile in this expansion, if any.</summary>
        [MethodImpl(HotPath.Options)]
        public bool TryGetAnswer(int profile, out bool answer)
        {
            answer = _profileAnswer[profile];
            return _profileMet[profile] == _stamp;
        }

        [MethodImpl(HotPath.Options)]
        public void SetAnswer(int profile, bool answer)
        {
            _profileAnswer[profile] = answer;
            _profileMet[profile] = _stamp;
        }

        /// <summary>
        /// Which of the profile's statements cover the role of this expansion (<see cref="CallerProfile.ResourceBits"/>):
        /// matched once per profile rather than for every caller of the role that has it. The callers of one expansion are
        /// decided on several threads at once: a thread that finds no bits stored computes them itself (the same bits), and
        /// the stamp is written after the bits and read before them.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public ulong ResourceBits(CallerProfile profile, string roleArn)
        {
            int id = profile.Id;
            if (Volatile.Read(ref _bitsMet[id]) == _stamp) return _profileBits[id];
            ulong bits = profile.ResourceBits(roleArn);
            _profileBits[id] = bits;
            Volatile.Write(ref _bitsMet[id], _stamp);
            return bits;
        }
    }
}
