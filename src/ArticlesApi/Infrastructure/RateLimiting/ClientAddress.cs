using System.Net;
using System.Net.Sockets;

namespace ArticlesApi.Infrastructure.RateLimiting;

/// The address a client is counted by: the connection's peer, or the client a known proxy names
/// (ForwardedHeadersSetup runs first). IPv6 counts by its /64: one subscriber usually gets a whole /64
/// and can pick any address in it, so per-address windows would be free to multiply.
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null)
            return "unknown";
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
            return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
