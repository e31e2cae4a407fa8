package dev.carafe.templates;

import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.IfNode;
import io.pebbletemplates.pebble.node.expression.AndExpression;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.node.expression.OrExpression;
import io.pebbletemplates.pebble.node.expression.UnaryNotExpression;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.utils.Pair;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jinja's truth test in {@code if}, {@code not}, {@code and} and {@code or}: null, false, zero,
 * empty text and empty collections are false, any other object is true. Pebble accepts only
 * booleans, numbers and strings there and fails on {@code {% if request %}} or
 * {@code {% if posts %}}, the most common lines of a Flask template; no Pebble option changes
 * that, so this visitor wraps each condition when a template is compiled.
 */
final class Truthiness implements NodeVisitorFactory {

    @Override
    public NodeVisitor createVisitor(PebbleTemplate template) {
        return new AbstractNodeVisitor((PebbleTemplateImpl) template) {
            @Override
            public void visit(IfNode node) {
                List<Pair<Expression<?>, BodyNode>> branches = node.getConditionsWithBodies();
                for (int i = 0; i < branches.size(); i++) {
                    Pair<Expression<?>, BodyNode> branch = branches.get(i);
                    branches.set(i, new Pair<>(truthy(branch.getLeft()), branch.getRight()));
                }
                super.visit(node);
            }
        };
    }

    private static Expression<?> truthy(Expression<?> expression) {
        switch (expression) {
            case Truthy t -> {
                return t;
            }
            case UnaryNotExpression not -> {
                not.setChildExpression(truthy(not.getChildExpression()));
                return not;
            }
            case AndExpression and -> {
                return operands(and);
            }
            case OrExpression or -> {
                return operands(or);
            }
            default -> {
                return new Truthy(expression);
            }
        }
    }

    private static Expression<?> operands(BinaryExpression<?> logical) {
        logical.setLeft(truthy(logical.getLeftExpression()));
        logical.setRight(truthy(logical.getRightExpression()));
        return logical;
    }

    /** Returns Jinja's truth value of {@code value}. */
    static boolean test(Object value) {
        return switch (value) {
            case null -> false;
            case ContextGlobal global -> test(global.target());
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0.0;
            case CharSequence s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Optional<?> o -> o.isPresent();
            default -> !value.getClass().isArray() || Array.getLength(value) > 0;
        };
    }

    /** A condition evaluated to its truth value. */
    private record Truthy(Expression<?> inner) implements Expression<Boolean> {
        @Override
        public Boolean evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
            return test(inner.evaluate(self, context));
        }

        @Override
        public int getLineNumber() {
            return inner.getLineNumber();
        }

        @Override
        public void accept(NodeVisitor visitor) {
            inner.accept(visitor);
        }
    }
}
