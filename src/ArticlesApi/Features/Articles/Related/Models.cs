using System.Globalization;
using FastEndpoints;
using FluentValidation;

namespace Articles.Related;

sealed class Request
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";

    /// How many related articles, 1–20 (default 5). A string, so that `limit=abc` is a 400 naming `limit`.
    [QueryParam]
    public string? Limit { get; set; }

    public int Count() => TryParseLimit(Limit, out var limit) ? limit : DefaultLimit;

    public static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultLimit;
        return string.IsNullOrEmpty(value)
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }
}

sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(r => r.Limit).Must(v => Request.TryParseLimit(v, out _))
            .WithMessage($"limit must be a whole number from 1 to {Request.MaxLimit}.");
}
