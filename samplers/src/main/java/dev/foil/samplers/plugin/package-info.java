/**
 * The plugin machinery: a spec string such as {@code simans(a=0.5,b=0)} names a plugin and its
 * parameters; it is parsed ({@link dev.foil.samplers.plugin.Spec}), bound and validated
 * ({@link dev.foil.samplers.plugin.Parameters}), and resolved to a plugin found through
 * {@link java.util.ServiceLoader} ({@link dev.foil.samplers.plugin.SpecRegistry}).
 */
package dev.foil.samplers.plugin;
