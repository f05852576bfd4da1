using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Policies
{
    /// <summary>An IPv4 or IPv6 CIDR block (a bare address is a /32 or /128).</summary>
    public readonly struct IpNetwork
    {
        private readonly byte[] _prefix;
        private readonly int _bits;

        private IpNetwork(byte[] prefix, int bits) { _prefix = prefix; _bits = bits; }

        public static bool TryParse(string text, out IpNetwork network)
        {
            if (TryParseDecimalIPv4(text, out network)) return true;
            network = default;
            string addressPart = text.Trim();
            int bits = -1;
            int slash = addressPart.IndexOf('/');
            if (slash >= 0)
            {
                if (!int.TryParse(addressPart.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out bits)) return false;
                addressPart = addressPart.Substring(0, slash);
            }
            if (!IPAddress.TryParse(addressPart, out var address)) return false;
            // IPAddress.TryParse accepts forms such as "10" or "10.1"; IAM wants dotted quads for IPv4.
            if (address.AddressFamily == AddressFamily.InterNetwork && addressPart.Split('.').Length != 4) return false;
            byte[] bytes = address.GetAddressBytes();
            int max = bytes.Length * 8;
            if (bits < 0) bits = max;
            if (bits > max) return false;
            network = new IpNetwork(bytes, bits);
            return true;
        }

        /// <summary>
        /// The common form, "a.b.c.d" or "a.b.c.d/n" in plain decimal, without allocating. Anything else (IPv6, spaces,
        /// leading zeros, which IPAddress reads as octal) is left to the general parser, which decides exactly as before.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool TryParseDecimalIPv4(string text, out IpNetwork network)
        {
            network = default;
            var bytes = new byte[4];
            int i = 0, n = text.Length;
            for (int octet = 0; octet < 4; octet++)
            {
                if (octet > 0) { if (i >= n || text[i] != '.') return false; i++; }
                int start = i, value = 0;
                while (i < n && text[i] >= '0' && text[i] <= '9' && i - start < 3) value = value * 10 + (text[i++] - '0');
                int digits = i - start;
                if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return false;
                bytes[octet] = (byte)value;
            }
            int bits = 32;
            if (i < n)
            {
                if (text[i] != '/') return false;
                i++;
                int start = i;
                bits = 0;
                while (i < n && text[i] >= '0' && text[i] <= '9' && i - start < 2) bits = bits * 10 + (text[i++] - '0');
                if (i == start || i != n || bits > 32) return false;
            }
            network = new IpNetwork(bytes, bits);
            return true;
        }

        [MethodImpl(HotPath.Options)]
        public bool Contains(IPAddress address)
        {
            if (_prefix == null) return false;
            if (address.IsIPv4MappedToIPv6 && _prefix.Length == 4) address = address.MapToIPv4();
            byte[] bytes = address.GetAddressBytes();
            if (bytes.Length != _prefix.Length) return false;
            int full = _bits / 8, rest = _bits % 8;
            for (int i = 0; i < full; i++) if (bytes[i] != _prefix[i]) return false;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[full] & mask) == (_prefix[full] & mask);
        }
    }
}
