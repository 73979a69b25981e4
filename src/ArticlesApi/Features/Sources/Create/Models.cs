using ArticlesApi.Features.Sources;
using FluentValidation;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using FastEndpoints;

namespace Sources.Create;

sealed class Request : SourceInput
{
    /// Optional: a retry with the same key and body replays the first answer (24 hours).
    [FromHeader(IdempotencyMiddleware.HeaderName, IsRequired = false)]
    public string? IdempotencyKey { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new SourceInputRules());
        // A new source has no page yet, so any `url` is refused (PUT checks it against the source's page).
        RuleFor(x => x.Url).Null().WithMessage(SourceUrls.NotWritable);
    }
}
