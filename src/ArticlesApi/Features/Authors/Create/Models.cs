using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using FastEndpoints;

namespace Authors.Create;

sealed class Request : AuthorInput
{
    /// Optional: a retry with the same key and body replays the first answer (24 hours).
    [FromHeader(IdempotencyMiddleware.HeaderName, IsRequired = false)]
    public string? IdempotencyKey { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new AuthorInputRules());
}
