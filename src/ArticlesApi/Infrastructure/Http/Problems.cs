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

    /// FastEndpoints' error answers (400s of validation, of JSON input and of `ThrowError`) in the API's shape.
    public static void Configure(FastEndpoints.Config config)
    {
        config.Errors.UseProblemDetails(ConfigureProblemDetails);
        ConfigureJsonInput(config);
    }

    static ProblemType KindOf(FastEndpoints.ProblemDetails problem) =>
        problem.Status == ProblemTypes.Validation.Status ? ProblemTypes.Validation : ProblemTypes.ForStatus(problem.Status);

    static void ConfigureProblemDetails(FastEndpoints.ErrorOptions.ProblemDetailsConfig config)
    {
        config.TypeTransformer = problem => KindOf(problem).Uri;
        config.TitleTransformer = problem => KindOf(problem).Title;
        // A detail that names the fields, so the problem reads well without `errors`.
        config.DetailTransformer = problem => problem.Errors.Count() switch
        {
            0 => problem.Detail,
            1 => problem.Errors.First().Reason,
            var n => $"{n} fields are invalid: {string.Join(", ", problem.Errors.Select(e => e.Name).Distinct())}.",
        };
        // FastEndpoints' ProblemDetails (sealed) has no member for the code: add it to what it built.
        config.ResponseBuilder = (failures, context, status) =>
        {
            var details = new FastEndpoints.ProblemDetails(failures, context.Request.Path, Activity.Current?.Id ?? context.TraceIdentifier, status);
            var problem = JsonSerializer.SerializeToNode(details, Json)!.AsObject();
            problem.Insert(1, "code", KindOf(details).Code);
            return problem;
        };
    }

    /// JSON input that the serializer refuses (malformed, mistyped, an unknown member, NUL in text: see
    /// Representations.Install) answers 400 naming the member, without .NET type names.
    static void ConfigureJsonInput(FastEndpoints.Config config)
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
        // No body at all: the Content-Type is not what is wrong (and EmptyBodyMiddleware dropped it), the missing body is.
        if (status == 415 && EmptyBodyMiddleware.HasNoBody(http))
            return WriteAsync(http, ProblemTypes.Validation, BodyRequired, new Dictionary<string, object?>
            {
                ["errors"] = new[] { new Dictionary<string, string> { ["name"] = "body", ["reason"] = BodyRequired } },
            });
        var detail = status switch
        {
            404 => "There is nothing at this URL.",
            405 => $"This URL does not answer {http.Request.Method}.",
            415 => "Send the body as JSON with `Content-Type: application/json`.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return WriteAsync(http, ProblemTypes.ForStatus(status), detail, status: status);
    }

    const string BodyRequired = "The body is required: send the resource as JSON with `Content-Type: application/json`.";

    public static IResult NotFound(string detail) => Result(ProblemTypes.NotFound, detail);

    public static IResult Forbidden(string detail) => Result(ProblemTypes.Forbidden, detail);

    public static IResult PreconditionRequired() => Result(ProblemTypes.PreconditionRequired,
        "This request must be conditional: send If-Match with the ETag of the representation you are changing.");

    public static IResult PreconditionFailed() => Result(ProblemTypes.PreconditionFailed,
        "The resource has changed since you read it (If-Match does not match its current ETag). Read it again and reapply your change.");

    public static IResult Result(ProblemType type, string detail, IDictionary<string, object?>? extensions = null) =>
        new ProblemResult(type, detail, extensions);

    /// Writes the problem; `status` only where the kind does not fix it (ProblemTypes.Other).
    public static Task WriteAsync(HttpContext context, ProblemType type, string detail,
        IDictionary<string, object?>? extensions = null, int? status = null)
    {
        var problem = Members(context, type, status ?? type.Status, detail);
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
            problem[name] = value;
        context.Response.StatusCode = (int)problem["status"]!;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(problem, Json), context.RequestAborted);
    }

    static Dictionary<string, object?> Members(HttpContext context, ProblemType type, int status, string? detail) => new()
    {
        ["type"] = type.Uri,
        ["code"] = type.Code,
        ["title"] = type.Title,
        ["status"] = status,
        ["instance"] = context.Request.Path.Value,
        ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
        ["detail"] = detail,
    };

    sealed class ProblemResult(ProblemType type, string detail, IDictionary<string, object?>? extensions) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, type, detail, extensions);
    }
}
