using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticlesApi.Infrastructure.Health;

static class HealthReportWriter
{
    /// { "status": "Unhealthy", "checks": { "database": { "status": "Unhealthy", "description": "…" } } }
    /// Exception messages are left out: they can carry host names and connection details.
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = (int)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
