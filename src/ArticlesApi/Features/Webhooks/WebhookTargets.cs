using System.Net;
using System.Net.Sockets;

namespace ArticlesApi.Features.Webhooks;

/// Which addresses a webhook may reach (SSRF): only public unicast ones unless Webhooks:AllowPrivateNetworks.
/// Checked when a webhook is created or changed (every address its host resolves to) and again on the
/// address each delivery connects to (WebhookSender's ConnectCallback), so a name that later resolves to an
/// internal address (DNS rebinding) is refused too.
public static class WebhookTargets
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224                  // "this network", private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and < 128)              // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                          // link-local, cloud metadata (169.254.169.254)
                || (b[0] == 172 && b[1] is >= 16 and < 32)               // private
                || (b[0] == 192 && b[1] == 168)                          // private
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)          // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19)                     // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)            // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));           // documentation
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xfe) == 0xfc                                    // unique local (fc00::/7), e.g. fd00:ec2::254 metadata
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b)    // NAT64 (can reach IPv4 private ranges)
            || address.IsIPv4MappedToIPv6);
    }

    /// Null when the URL may be used; otherwise why not (for a 400 naming `url`).
    public static async Task<string?> RefusalAsync(Uri url, bool allowPrivate, CancellationToken ct)
    {
        if (allowPrivate)
            return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost, out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, ct);
            }
            catch (SocketException)
            {
                return $"The host '{url.Host}' could not be resolved.";
            }
        }
        return addresses.Length == 0 ? $"The host '{url.Host}' could not be resolved."
            : addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused
                ? $"The host '{url.Host}' is (or resolves to) {refused}, a loopback, private, link-local or otherwise non-public address: webhooks only reach public addresses."
                : null;
    }
}
