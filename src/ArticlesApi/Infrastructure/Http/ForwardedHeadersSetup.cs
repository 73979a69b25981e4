using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ArticlesApi.Infrastructure.Http;

public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// Addresses of the reverse proxies in front of the API (e.g. `10.0.0.5`).
    public List<string> KnownProxies { get; set; } = [];

    /// Their networks in CIDR notation (e.g. `10.0.0.0/8`, `fd00::/8`).
    public List<string> KnownNetworks { get; set; } = [];
}

/// Behind a reverse proxy every connection comes from the proxy: X-Forwarded-For names the client,
/// whom rate limits count by. The header is believed only from the proxies configured here, and only
/// the entries those proxies appended (read right to left, stopping at the first address that is not a
/// known proxy), so a client cannot choose its own address. Nothing configured: the headers are ignored.
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddArticlesForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        var proxies = settings.KnownProxies.Select(p => Parse<IPAddress?>(p, IPAddress.TryParse, "KnownProxies", "an IP address")).ToList();
        var networks = settings.KnownNetworks.Select(n => Parse<System.Net.IPNetwork>(n, System.Net.IPNetwork.TryParse, "KnownNetworks", "a network in CIDR notation")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(p => o.KnownProxies.Add(p!));
            networks.ForEach(o.KnownIPNetworks.Add);
            // Chains of known proxies (CDN, then load balancer) are walked to the first unknown address.
            o.ForwardLimit = null;
        });
        return services;
    }

    public static IApplicationBuilder UseArticlesForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }

    delegate bool TryParse<T>(string value, out T result);

    static T Parse<T>(string value, TryParse<T> parse, string setting, string what) =>
        parse(value.Trim(), out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:{setting} holds '{value}', which is not {what}.");
}
