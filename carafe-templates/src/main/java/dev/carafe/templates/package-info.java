/**
 * Templates that see the context: Flask's {@code render_template} for Carafe, on Pebble.
 *
 * <p>{@link dev.carafe.templates.Templates} installs the templates on an app and renders them;
 * {@link dev.carafe.templates.TemplateSource} says where they are loaded from;
 * {@link dev.carafe.templates.ContextProcessor} adds names to every template (or to a route
 * group's); {@link dev.carafe.templates.TemplateException} reports a missing template or a
 * template error with its file, line and column. See {@code docs/templates.md}.
 */
package dev.carafe.templates;
