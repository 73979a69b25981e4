using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace ArticlesApi.Infrastructure.Http;

/// RFC 9457 problems for every rejection that is not a validation failure (401, 403, 404, 409, 412,
/// 413, 422, 428), in the same members FastEndpoints uses for its 400s: type, title, status,
/// instance, traceId, detail (and errors, for validation).
public static class Problems
{
    public const string ContentType = "application/problem+json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// FastEndpoints' 400s: a detail that names the fields, so the problem reads well without `errors`.
    public static void ConfigureValidation(FastEndpoints.ErrorOptions.ProblemDetailsConfig config) =>
        config.DetailTransformer = problem => problem.Errors.Count() switch
        {
            0 => problem.Detail,
            1 => problem.Errors.First().Reason,
            var n => $"{n} fields are invalid: {string.Join(", ", problem.Errors.Select(e => e.Name).Distinct())}.",
        };

    /// JSON input that the serializer refuses (malformed, mistyped, an unknown member, NUL in text: see
    /// Representations.Install) answers 400 naming the member, without .NET type names.
    public static void ConfigureJsonInput(FastEndpoints.Config config)
    {
        config.Binding.JsonExceptionTransformer = e =>
        {
            var name = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            // A converter that reads an object by itself (a reference as reads embed it) names the member it refused.
            if (e.Data["member"] is string member)
                name = name == "body" ? member : $"{name}.{member}";
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{name}' is not a member of this resource (check its spelling)."
                : e.Message.Contains(TextWithoutNulConverter.Reason, StringComparison.Ordinal)
                ? $"'{name}' {TextWithoutNulConverter.Reason}."
                : name == "body" ? "The body is not valid JSON." : $"'{name}' has the wrong type or is not valid JSON.";
            return new FluentValidation.Results.ValidationFailure(name, reason);
        };
    }

    /// An empty error answer (404 unknown route, 405, 415 wrong Content-Type, an endpoint's bare 404) as a
    /// problem (StatusCodeProblemsMiddleware).
    public static Task WriteStatusCodeProblemAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            404 => "There is nothing at this URL.",
            405 => $"This URL does not answer {http.Request.Method}.",
            415 => "Send the body as JSON with `Content-Type: application/json`.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return WriteAsync(http, status, ReasonPhrases.GetReasonPhrase(status), detail);
    }

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not Found", detail);

    public static IResult Forbidden(string detail) => Result(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Result(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static IResult PreconditionRequired() => Result(StatusCodes.Status428PreconditionRequired, "Precondition Required",
        "This request must be conditional: send If-Match with the ETag of the representation you are changing.");

    public static IResult PreconditionFailed() => Result(StatusCodes.Status412PreconditionFailed, "Precondition Failed",
        "The resource has changed since you read it (If-Match does not match its current ETag). Read it again and reapply your change.");

    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        new ProblemResult(status, title, detail, extensions);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            ["title"] = title,
            ["status"] = status,
            ["instance"] = context.Request.Path.Value,
            ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
            ["detail"] = detail,
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
            problem[name] = value;
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(problem, Json), context.RequestAborted);
    }

    sealed class ProblemResult(int status, string title, string detail, IDictionary<string, object?>? extensions) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, title, detail, extensions);
    }
}
