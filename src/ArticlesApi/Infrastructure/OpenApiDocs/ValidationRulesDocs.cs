using System.Reflection;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using NJsonSchema;
using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// The constraints the input validators enforce, read from the validators themselves and written into the
/// schemas they validate, nested inputs included (FastEndpoints.Swagger sees only the top level, and writes
/// `minLength: 0` for every maximum length). Unconditional rules only: a rule with `When` is not always enforced.
/// Rules written as bare predicates (`Must`) are invisible here: the shared ones say what they mean in JSON Schema
/// terms (Rules.IDescribedRule: pattern, `not` pattern, format, a note for the description), as Rules.MaxItems does.
public static class ValidationRulesDocs
{
    public static void Apply(OpenApiDocument document)
    {
        var validators = typeof(ValidationRulesDocs).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null && ValidatedType(t) is not null)
            .GroupBy(t => ValidatedType(t)!)
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var (name, schema) in document.Components.Schemas)
            if (OpenApiSchemaNames.Types.TryGetValue(name, out var type) && ValidatorOf(type, validators) is { } validator)
                Describe(schema, (IValidator)Activator.CreateInstance(validator)!);
    }

    /// The type's own validator, else its base class's: a PUT body that adds read-only members to an input
    /// (SourceReplacementInput, ArticleReplacementInput) is held to the input's rules.
    static Type? ValidatorOf(Type type, Dictionary<Type, Type> validators)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            if (validators.TryGetValue(t, out var validator))
                return validator;
        return null;
    }

    static Type? ValidatedType(Type validator)
    {
        for (var t = validator.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
                return t.GetGenericArguments()[0];
        return null;
    }

    static void Describe(JsonSchema schema, IValidator validator)
    {
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            var property = rule.PropertyName is { } name
                ? schema.Properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value
                : null;
            var isEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            foreach (var component in rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition))
            {
                if (component.Validator is IChildValidatorAdaptor)
                {
                    var target = property is null ? schema : isEach ? property.Item?.ActualSchema : Referenced(property);
                    if (target is not null && ChildValidator(component.Validator) is { } child)
                        Describe(target, child);
                }
                else if (property is not null)
                    Constrain(isEach ? property.Item : property, component.Validator, isRequiredMember: !isEach, property);
            }
        }
    }

    static void Constrain(JsonSchema? target, IPropertyValidator validator, bool isRequiredMember, JsonSchemaProperty property)
    {
        if (target is null)
            return;
        var isArray = target.Type.HasFlag(JsonObjectType.Array);
        switch (validator)
        {
            case INotNullValidator or INotEmptyValidator:
                if (isRequiredMember)
                {
                    property.IsRequired = true;
                    property.IsNullableRaw = null;
                }
                if (validator is INotEmptyValidator && isArray)
                    target.MinItems = Math.Max(target.MinItems, 1);
                else if (validator is INotEmptyValidator && target.Type.HasFlag(JsonObjectType.String))
                {
                    // NotEmpty refuses white space too: at least one character that is not.
                    target.MinLength = Math.Max(target.MinLength ?? 0, 1);
                    target.Pattern ??= @"\S";
                }
                break;
            case ILengthValidator length when !isArray:
                if (length.Max > 0)
                    target.MaxLength = length.Max;
                if (length.Min > 0)
                    target.MinLength = length.Min;
                break;
            case IRegularExpressionValidator regex:
                target.Pattern = regex.Expression;
                break;
            case IEmailValidator:
                target.Format = "email";
                break;
            case IBetweenValidator { From: IConvertible from, To: IConvertible to } when target.Type.HasFlag(JsonObjectType.Integer):
                target.Minimum = Convert.ToDecimal(from, System.Globalization.CultureInfo.InvariantCulture);
                target.Maximum = Convert.ToDecimal(to, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case Rules.IMaxItems max when isArray:
                target.MaxItems = max.Max;
                break;
            case Rules.IDescribedRule { Schema: var rule }:
                if (rule.Pattern is not null)
                    target.Pattern = rule.Pattern;
                if (rule.ExcludedPattern is not null)
                    target.Not = new JsonSchema { Pattern = rule.ExcludedPattern };
                if (rule.Format is not null)
                    target.Format = rule.Format;
                Note(target, rule.Note);
                break;
            // A range of instants: JSON Schema's minimum and maximum are for numbers, so the description says it.
            case IBetweenValidator { From: DateTimeOffset from, To: DateTimeOffset to } between:
                target.Format ??= "date-time";
                Note(target, $"Between {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} and {to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"
                    + (between is IInclusiveBetweenValidator ? " inclusive." : " exclusive."));
                break;
        }
    }

    static void Note(JsonSchema target, string? note)
    {
        if (string.IsNullOrEmpty(note) || target.Description?.Contains(note, StringComparison.Ordinal) == true)
            return;
        target.Description = string.IsNullOrEmpty(target.Description) ? note : $"{target.Description.TrimEnd()} {note}";
    }

    /// The object schema a member stands for: its `$ref`, or the reference wrapped in `allOf` beside `nullable`.
    static JsonSchema Referenced(JsonSchema property) =>
        property.AllOf.Count == 1 && property.AllOf.Single().HasReference ? property.AllOf.Single().ActualSchema : property.ActualSchema;

    /// ChildRules and SetValidator hold their validator; FluentValidation hands it out per validated value.
    static IValidator? ChildValidator(IPropertyValidator adaptor)
    {
        var method = adaptor.GetType().GetMethod("GetValidator", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        if (method is null)
            return null;
        var arguments = method.GetParameters().Select(p =>
            p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(ValidationContext<>)
                ? Activator.CreateInstance(p.ParameterType, [null])
                : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        return method.Invoke(adaptor, arguments) as IValidator;
    }
}
