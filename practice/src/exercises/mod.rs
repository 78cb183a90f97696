//! The reader's files: one per chapter, each function a stub until the reader writes it.
//! (A stub does not use its arguments; that is allowed here, not in the reader's file.)

#[allow(unused_variables)]
pub mod ch01;
#[allow(unused_variables)]
pub mod ch02;
#[allow(unused_variables)]
pub mod ch03;
#[allow(unused_variables)]
pub mod ch04;
#[allow(unused_variables)]
pub mod ch05;
#[allow(unused_variables)]
pub mod ch06;
#[allow(unused_variables)]
pub mod ch07;
#[allow(unused_variables)]
pub mod ch08;
#[allow(unused_variables)]
pub mod ch09;
#[allow(unused_variables)]
pub mod ch10;
#[allow(unused_variables)]
pub mod ch11;
#[allow(unused_variables)]
pub mod ch12;
#[allow(unused_variables)]
pub mod ch13;
#[allow(unused_variables)]
pub mod ch14;
