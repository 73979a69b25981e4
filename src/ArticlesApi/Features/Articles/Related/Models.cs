using FastEndpoints;
using FluentValidation;

namespace Articles.Related;

sealed class Request
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";

    /// How many related articles, 1–20 (default 5).
    [QueryParam]
    public int Limit { get; init; } = DefaultLimit;
}

sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(r => r.Limit).InclusiveBetween(1, Request.MaxLimit)
            .WithMessage($"limit must be a whole number from 1 to {Request.MaxLimit}.");
}
