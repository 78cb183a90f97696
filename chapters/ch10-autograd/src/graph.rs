//! A scalar tape drawn as its computation graph: a box per node with its name or operation,
//! its value and its gradient, an arrow from each input to the node it feeds. The layout —
//! layers, order within a layer, arrows routed around boxes — is the `layout-rs` crate's
//! (Graphviz's layered method), which writes SVG without any system library.
//!
//! ```
//! use ch10_autograd::{graph::draw, scalar::Tape};
//! let t = Tape::new();
//! let a = t.leaf(2.0, "a");
//! let e = t.exp(a);
//! let svg = draw(&t, Some(&t.backward(e)));
//! assert!(svg.as_str().contains("<svg") && svg.as_str().contains("exp"));
//! ```

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use nn_core::plot::Svg;
use nn_core::table::sig;

use crate::scalar::{Grads, Operation, Tape, Var};

/// The font size of the boxes' text, in pixels. Arrows get the same (they have no text): the
/// SVG writer lists one style per font size in a hash map's order, so one size keeps the
/// file the same from run to run.
const FONT: usize = 14;

/// The text of node `v`'s box: its name and operation, its value, and its gradient if given.
pub fn node_text(tape: &Tape, v: Var, grads: Option<&Grads>) -> String {
    let node = tape.nodes()[v.0].clone();
    let op = tape.op_name(v);
    let title = match (node.label.is_empty(), op.is_empty()) {
        (false, false) => format!("{} = {op}", node.label),
        (false, true) => node.label,
        (true, _) => op,
    };
    let mut text = format!("{title}\nvalue {}", sig(node.value, 4));
    if let Some(g) = grads {
        text.push_str(&format!("\ngrad {}", sig(g[v], 4)));
    }
    text
}

// ANCHOR: draw
/// The computation graph of `tape`, from the inputs (top) to the output (bottom); each box
/// shows a node's value and, if `grads` are given, its gradient. Leaves are shaded.
pub fn draw(tape: &Tape, grads: Option<&Grads>) -> Svg {
    let dir = Orientation::TopToBottom;
    let mut graph = VisualGraph::new(dir);
    let handles: Vec<_> = (0..tape.len())
        .map(|i| {
            let v = Var(i);
            let shape = ShapeKind::new_box(&node_text(tape, v, grads));
            let fill = if tape.op(v) == Operation::Leaf {
                "lightgrey"
            } else {
                "white"
            };
            let look = StyleAttr::new(Color::fast("black"), 1, Some(Color::fast(fill)), 4, FONT);
            let size = get_shape_size(dir, &shape, FONT, false);
            graph.add_node(Element::create(shape, look, dir, size))
        })
        .collect();
    let arrow = Arrow::new(
        LineEndKind::None,
        LineEndKind::Arrow,
        LineStyleKind::Normal,
        "",
        &StyleAttr::new(Color::fast("black"), 1, None, 0, FONT),
        &None,
        &None,
    );
    for (i, &to) in handles.iter().enumerate() {
        let mut inputs = tape.inputs(Var(i));
        inputs.dedup(); // a·a: one arrow
        for input in inputs {
            graph.add_edge(arrow.clone(), handles[input.0], to);
        }
    }
    let mut svg = SVGWriter::new();
    graph.do_it(false, false, false, &mut svg);
    let bottom = handles
        .iter()
        .map(|&h| graph.pos(h).bottom(true))
        .fold(0.0, f64::max);
    Svg(crop_height(svg.finalize(), bottom))
}

/// The SVG with its height cut to `height` if it was taller. The writer grows the picture
/// by ten pixels per byte of each box's text, below the text, so a tall graph gets a blank
/// band at its foot; the boxes' own extent, from the layout, is where the picture ends.
fn crop_height(svg: String, height: f64) -> String {
    let header_end = svg.find('>').map_or(0, |i| i + 1);
    let Some(start) = svg[header_end..].find("<svg ").map(|i| i + header_end) else {
        return svg;
    };
    let end = svg[start..].find('>').map_or(svg.len(), |i| start + i);
    let tag = &svg[start..end];
    let number = |name: &str| -> Option<f64> {
        let from = tag.find(name)? + name.len();
        tag[from..].split('"').next()?.parse().ok()
    };
    let (Some(width), Some(old)) = (number("width=\""), number("height=\"")) else {
        return svg;
    };
    if height >= old {
        return svg;
    }
    let h = height.ceil();
    let cropped = format!(
        "<svg width=\"{width}\" height=\"{h}\" viewBox=\"0 0 {width} {h}\" \
         xmlns=\"http://www.w3.org/2000/svg\""
    );
    format!("{}{cropped}{}", &svg[..start], &svg[end..])
}
// ANCHOR_END: draw

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::unit;
    use ch03_relu_xor::trace::traces;

    #[test]
    fn every_node_is_drawn_with_its_value_and_gradient_and_every_input_with_an_arrow() {
        let c3 = traces().on;
        let (t, u) = unit(c3.x, c3.y, c3.params);
        let g = t.backward(u.e);
        let svg = draw(&t, Some(&g)).0;
        assert_eq!(svg.matches("<rect").count(), t.len(), "a box per node");
        let arrows: usize = (0..t.len()).map(|i| t.inputs(Var(i)).len()).sum();
        assert_eq!(svg.matches("marker-end").count(), arrows);
        assert!(svg.contains(&format!("grad {}", sig(c3.de_dw1, 4))));
        // The picture ends below the last box (E's), not in a blank band.
        let height: f64 = svg
            .split("height=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let last_box: f64 = svg
            .rsplit("<rect x=")
            .map(|r| {
                r.split("y=\"")
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            })
            .fold(0.0, f64::max);
        assert!(
            height > last_box + 52.0 && height < last_box + 150.0,
            "{height} for a last box at {last_box}"
        );
        // The same tape drawn twice is the same picture: the layout is deterministic.
        assert!(draw(&t, Some(&g)).0 == svg);
    }
}
