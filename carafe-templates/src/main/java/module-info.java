/**
 * Jinja-style templates for Carafe apps, on Pebble: {@code render("home.html", model)} from any
 * handler, with {@code request}, {@code session}, {@code g}, {@code config}, {@code url_for} and
 * {@code get_flashed_messages} in every template, read through the current context as in Flask.
 *
 * <p>Start with {@link dev.carafe.templates.Templates}. Pebble reads the attributes of model
 * objects by reflection: an app that is itself a named module opens the packages of its model
 * types to Pebble ({@code opens my.app.web to io.pebbletemplates;}), and the folder holding its
 * class-path templates to this module ({@code opens templates to dev.carafe.templates;}).
 */
module dev.carafe.templates {
    requires transitive dev.carafe.core;
    requires io.pebbletemplates;

    exports dev.carafe.templates;
}
