using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Clusternet.ControlPlane.Admission;

/// <summary>An IPv4 CIDR block Service cluster IPs are allocated from.</summary>
internal sealed class ClusterIPRange
{
    private ClusterIPRange(uint network, int prefixLength, string text)
    {
        Network = network;
        PrefixLength = prefixLength;
        Text = text;
    }

    /// <summary>The network address as a number.</summary>
    public uint Network { get; }

    /// <summary>The prefix length, such as 12.</summary>
    public int PrefixLength { get; }

    /// <summary>How many addresses the block holds, network and broadcast included.</summary>
    public long Size => 1L << (32 - PrefixLength);

    /// <summary>The CIDR as written in messages.</summary>
    public string Text { get; }

    /// <summary>Parses <c>a.b.c.d/n</c>; the host bits are cleared.</summary>
    public static ClusterIPRange Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(cidr[..slash], out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], out var prefix)
            || prefix is < 1 or > 30)
        {
            throw new ArgumentException($"'{cidr}' is not an IPv4 CIDR with a prefix length between 1 and 30.", nameof(cidr));
        }

        var mask = uint.MaxValue << (32 - prefix);
        var network = ToNumber(address) & mask;
        return new ClusterIPRange(network, prefix, FromNumber(network) + "/" + prefix);
    }

    /// <summary>Whether <paramref name="ip"/> is a usable address of the block (neither network nor broadcast address).</summary>
    public bool Contains(uint ip) => ip > Network && ip < Network + (uint)(Size - 1);

    /// <summary>Parses a dotted IPv4 address strictly (four decimal parts); null otherwise.</summary>
    public static uint? ParseAddress(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        uint value = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0') || int.Parse(part) > 255)
            {
                return null;
            }

            value = (value << 8) | uint.Parse(part);
        }

        return value;
    }

    /// <summary>The dotted form of an address number.</summary>
    public static string FromNumber(uint ip) =>
        $"{ip >> 24}.{(ip >> 16) & 0xff}.{(ip >> 8) & 0xff}.{ip & 0xff}";

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
