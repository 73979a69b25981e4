using ArticlesApi.Domain;
using ArticlesApi.Features.Keys;
using FastEndpoints;
using FluentValidation;

namespace Keys.Create;

sealed class Request
{
    /// What the key is for, e.g. "ops" or "mobile app".
    public string Name { get; init; } = null!;

    /// What the key may do: contributor, author, editor or admin; reader reads published content only (as anonymous
    /// callers do) with a rate limit of its own, for a front-end server.
    [System.ComponentModel.DataAnnotations.Required]
    public Role? Role { get; init; }

    /// Id or slug of the author the key acts as: required for author and contributor keys.
    public string? Author { get; init; }

    [FromHeader(ArticlesApi.Infrastructure.Idempotency.IdempotencyMiddleware.HeaderName, IsRequired = false)]
    public string? IdempotencyKey { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Role).NotNull().IsInEnum();
        RuleFor(x => x.Author).NotEmpty()
            .When(x => x.Role is Role.Author or Role.Contributor)
            .WithMessage("'author' is required for author and contributor keys: the author the key acts as.");
        RuleFor(x => x.Author).MaximumLength(ArticlesApi.Domain.Slug.MaxLength);
        RuleFor(x => x.Author).Empty().When(x => x.Role is Role.Reader)
            .WithMessage("'author' is not for reader keys: they read published content only and act as no author.");
    }
}

/// The new key, with its secret: shown this once, store it now.
sealed class Response : KeyResponse
{
    public required string Secret { get; init; }
}
